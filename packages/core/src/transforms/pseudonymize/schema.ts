import type { RuleSchema } from '../rule-schema.js';
import { pseudonymizeRuleOptions } from './options.js';
import { fpeRuleOptions } from './fpe/options.js';

export const pseudonymizeRuleSchemas = [
  {
    type: 'pseudonymize',
    summary: 'Keyed, deterministic pseudonyms (AES-CMAC by default; SM4-CMAC, HMAC-SHA256/SM3; xxh64 is not pseudonymization), hex or base32.',
    options: pseudonymizeRuleOptions,
    example: { method: 'aes-cmac', key: { env: 'TUOMIN_KEY' }, scopeLevel: 'release', output: 'hex', length: 20 },
  },
  {
    type: 'fpe',
    summary: 'Format-preserving, reversible pseudonyms (FF1-AES) for cn.id, cn.uscc, cn.mobile, cn.plate; outputs pass the format checks.',
    options: fpeRuleOptions,
    example: { format: 'cn.id', key: { file: 'keys/fpe.key' }, keepRegion: 'county' },
  },
] as const satisfies readonly RuleSchema[];
