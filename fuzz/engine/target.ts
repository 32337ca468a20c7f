/** One fuzz target: seeds to start from, tokens for the mutator, and the code under test. */
export interface FuzzTarget {
  name: string;
  /** Starting inputs (valid files of the format, and a few damaged ones). */
  seeds(): Promise<Uint8Array[]>;
  /** Byte strings the format gives meaning to (quotes, brackets, keywords): inserted by the mutator. */
  tokens: string[];
  /** Largest input tried, in bytes. */
  maxLength: number;
  /**
   * Run the code under test on one input. Resolve for a correct result, throw for an error; an
   * invariant the result breaks (fewer rows than lines, two reads that disagree) throws
   * InvariantBroken. `scratch` is a private folder for files the target needs.
   */
  run(input: Uint8Array, scratch: string): Promise<void>;
}

/** A result that is wrong although no error was raised (fewer rows, results that disagree). */
export class InvariantBroken extends Error {
  override name = 'InvariantBroken';
}
