// The shape of a library function and what it may use while rendering.
import type { Zone } from './date-time.ts';

export interface FunctionContext {
  /** The render's "now" in epoch milliseconds: one value for the whole render, injectable in tests. */
  readonly now: number;
  /** The zone of getCurrentZonedDateTime() (the recipient's, when known). */
  readonly zone: Zone;
  readonly random: () => number;
  /** Strings a function builds may not grow past this. */
  readonly maxValueLength: number;
}

export interface LibraryFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * Arguments at these positions are paths read on each item of the first argument (`price` in
   * `topN(orders, price, 5)`); the function receives them as lists of property names.
   */
  readonly itemPathArgs?: readonly number[];
  readonly call: (args: readonly unknown[], context: FunctionContext) => unknown;
}

export type FunctionTable = Readonly<Record<string, LibraryFunction>>;

export function define(
  minArgs: number,
  maxArgs: number,
  call: LibraryFunction['call'],
  itemPathArgs?: readonly number[],
): LibraryFunction {
  return itemPathArgs ? { minArgs, maxArgs, call, itemPathArgs } : { minArgs, maxArgs, call };
}
