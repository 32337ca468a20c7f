import type { Text } from '../messages/lang.js';

/**
 * One command-line option, described once: parsing (node:util parseArgs), the help line, the
 * default and the check of its value all come from this entry (options/parse.ts, options/help.ts,
 * docs/cli-reference.md via options/reference.ts).
 */
interface OptionBase {
  help: Text;
  /**
   * The value's name in the help (`--k N`): one string when it reads the same in every language
   * (`YYYY-MM-DD`, `X.Y.Z`), else a word per language (`--workers 线程数` in Chinese help).
   */
  arg?: string | Text;
  /** Other spellings accepted (`--null` for `--null-token`). */
  aliases?: readonly string[];
  /** A heading in the help above this option (the first option of a group carries it). */
  group?: Text;
}

/** A string option. `parse` turns the text into the value or throws an OptionValueError. */
export interface ValueOption<T> extends OptionBase {
  type: 'string';
  multiple?: false;
  parse: (raw: string, flag: string) => T;
  default?: T;
  /** The default as the help shows it, when it is not the value itself (`detected`). */
  defaultText?: Text;
}

/** A repeatable string option: every occurrence is parsed, in order. */
export interface ListOption<T> extends OptionBase {
  type: 'string';
  multiple: true;
  parse: (raw: string, flag: string) => T;
  default?: undefined;
  defaultText?: Text;
}

export interface SwitchOption extends OptionBase {
  type: 'boolean';
}

export type AnyOption = ValueOption<any> | ListOption<any> | SwitchOption;
export type OptionTable = Record<string, AnyOption>;

/** The parsed values of a table: switches are booleans, options with a default are always set. */
export type OptionValues<T extends OptionTable> = { json: boolean } & {
  [K in keyof T]: T[K] extends SwitchOption
    ? boolean
    : T[K] extends { multiple: true; parse: (raw: string, flag: string) => infer V }
      ? V[] | undefined
      : T[K] extends { parse: (raw: string, flag: string) => infer V }
        ? T[K] extends { default: {} } ? V : V | undefined
        : never;
};

/** A verb's description: the synopsis, what it does, its options and exit codes. */
export interface VerbSpec<T extends OptionTable = OptionTable> {
  name: string;
  /** After `tuomin <name> `, e.g. `<in> <out> [options]`. */
  synopsis: string;
  about: Text;
  options: T;
  exitCodes: Text;
}

/** A verb's table, checked: each default must be a value its option's parser can return. */
export function defineVerb<const T extends OptionTable>(spec: VerbSpec<T> & { options: { [K in keyof T]: T[K] extends { default: infer D; parse: (raw: string, flag: string) => infer V } ? (D extends V | undefined ? T[K] : never) : T[K] } }): VerbSpec<T> {
  return spec;
}

/** A bad option value; `message` is already in the user's language. */
export class OptionValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionValueError';
  }
}
