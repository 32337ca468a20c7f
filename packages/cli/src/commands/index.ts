import type { Command } from '../command.js';
import { scanCommand } from './scan.js';
import { profileCommand } from './profile.js';
import { runCommand } from './run.js';
import { benchCommand } from './bench.js';
import { releaseCommand } from './release.js';
import { catalogCommand, dueCommand } from './catalog.js';
import { convertCommand } from './convert.js';
import { riskCommand } from './risk.js';
import { anonymizeCommand } from './anonymize.js';

/** Every verb of the CLI. Each lives in its own file; add one line here per verb. */
export const commands: Command[] = [
  scanCommand,
  profileCommand,
  runCommand,
  benchCommand,
  releaseCommand,
  catalogCommand,
  dueCommand,
  convertCommand,
  riskCommand,
  anonymizeCommand,
];
