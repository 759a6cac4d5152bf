// What one render runs with: the data, the slots compiled code reads and writes, and the
// per-render limits, with the errors raised when a render passes them.
import { RenderError, type Position } from './errors.ts';
import type { FunctionContext } from './functions/library-function.ts';

export interface RenderLimits {
  /** Characters of output per render. */
  readonly maxOutputLength: number;
  /** `#each` iterations per render, all loops together. */
  readonly maxLoopIterations: number;
  /** Characters of any string built while rendering (by `+`, concat, replace…). */
  readonly maxValueLength: number;
}

export class RenderState {
  readonly slots: unknown[];
  loops = 0;

  constructor(
    readonly root: Record<string, unknown>,
    slotCount: number,
    readonly limits: RenderLimits,
    readonly functions: FunctionContext,
  ) {
    this.slots = new Array<unknown>(slotCount);
  }
}

export type Evaluate = (state: RenderState) => unknown;
export type Render = (state: RenderState) => string;

export function checkLength(value: unknown, state: RenderState, pos: Position): unknown {
  if (typeof value === 'string' && value.length > state.limits.maxValueLength)
    throw new RenderError(
      'VALUE_TOO_LARGE',
      `a value grew past ${state.limits.maxValueLength} characters`,
      pos,
    );
  return value;
}

export function outputTooLarge(state: RenderState, pos: Position): RenderError {
  return new RenderError(
    'OUTPUT_TOO_LARGE',
    `output is longer than ${state.limits.maxOutputLength} characters`,
    pos,
  );
}
