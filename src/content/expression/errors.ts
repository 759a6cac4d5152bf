// Errors of the template language. Both carry the 1-based line and column of the part of the
// template at fault, so an editor can mark it and the CLI can print `line:col message`.

export interface Position {
  line: number;
  column: number;
}

/** Found while compiling (at save time): bad syntax, unknown function, wrong arity, unclosed block. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly line: number;
  readonly column: number;
  /** The message without its position. */
  readonly reason: string;
  /** The fragment the error is in, when it is not in the template itself. */
  readonly fragment: string | undefined;

  constructor(reason: string, position: Position, fragment?: string) {
    super(
      `${fragment === undefined ? '' : `fragment '${fragment}' `}${position.line}:${position.column} ${reason}`,
    );
    this.reason = reason;
    this.line = position.line;
    this.column = position.column;
    this.fragment = fragment;
  }
}

export type RenderErrorCode =
  'OUTPUT_TOO_LARGE' | 'VALUE_TOO_LARGE' | 'LOOP_LIMIT' | 'FUNCTION_FAILED';

/** Met while rendering one recipient: a per-render limit was reached or a function refused its input. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  readonly code: RenderErrorCode;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(code: RenderErrorCode, reason: string, position: Position) {
    super(`${position.line}:${position.column} ${reason}`);
    this.code = code;
    this.reason = reason;
    this.line = position.line;
    this.column = position.column;
  }
}

/** Thrown by library functions for input they cannot work with; the caller adds the position. */
export class FunctionInputError extends Error {
  override readonly name = 'FunctionInputError';
}

/** Maps offsets in a template to lines and columns. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++)
      if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}
