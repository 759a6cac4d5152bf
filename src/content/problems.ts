// Template problems with the field and position they are at, gathered over all the fields of a
// content so one save reports every one of them; and the errors the API answers with.
import {
  RenderError,
  TemplateError,
  compileTemplate,
  type CompileOptions,
  type CompiledTemplate,
} from './expression/index.ts';
import { AppError } from '../platform/errors.ts';
import type { TemplateProblem } from './model.ts';

/** Authored text per field, in bytes of UTF-8. */
export const AUTHORED_LIMIT = 1024 * 1024;
/** A rendered message part, in bytes of UTF-8. */
export const RENDERED_LIMIT = 2 * 1024 * 1024;

export function problemText(problem: TemplateProblem): string {
  const where = problem.line === undefined ? '' : ` ${problem.line}:${problem.column ?? 1}`;
  const inFragment = problem.fragment === undefined ? '' : ` (in fragment '${problem.fragment}')`;
  return `${problem.path}${where}${inFragment} ${problem.message}`;
}

export function templateProblem(path: string, error: TemplateError | RenderError): TemplateProblem {
  return {
    path,
    message: error.reason,
    line: error.line,
    column: error.column,
    ...(error instanceof TemplateError && error.fragment !== undefined
      ? { fragment: error.fragment }
      : {}),
  };
}

/** Thrown when a content cannot be saved or compiled; answered as 400 CONTENT_INVALID. */
export function contentInvalid(problems: TemplateProblem[]): AppError {
  const first = problems[0];
  return new AppError(
    'CONTENT_INVALID',
    first ? problemText(first) : 'The content is not valid.',
    problems,
  );
}

/** A render that failed for one recipient (a limit, a function refusing its input). */
export class ContentRenderError extends Error {
  override readonly name = 'ContentRenderError';
  constructor(readonly problem: TemplateProblem) {
    super(problemText(problem));
  }

  toAppError(): AppError {
    return new AppError('CONTENT_RENDER_FAILED', this.message, [this.problem]);
  }
}

/** Runs one field's render, turning its RenderError into a ContentRenderError for that field. */
export function renderField(
  path: string,
  template: CompiledTemplate,
  data: unknown,
  options?: Parameters<CompiledTemplate['render']>[1],
): string {
  try {
    return template.render(data, options);
  } catch (error) {
    if (error instanceof RenderError) throw new ContentRenderError(templateProblem(path, error));
    throw error;
  }
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export class Problems {
  readonly list: TemplateProblem[] = [];

  constructor(private readonly prefix = '') {}

  path(field: string): string {
    return `${this.prefix}${field}`;
  }

  add(problem: TemplateProblem): void {
    this.list.push(problem);
  }

  /** False (and a problem) when the field's text is past the authored limit. */
  sizeOk(field: string, text: string): boolean {
    const bytes = byteLength(text);
    if (bytes <= AUTHORED_LIMIT) return true;
    this.add({
      path: this.path(field),
      message: `is ${bytes} bytes; at most ${AUTHORED_LIMIT} (1 MB) may be authored`,
    });
    return false;
  }

  /** Compiles one field, or records its problem and returns undefined. */
  compile(field: string, source: string, options: CompileOptions): CompiledTemplate | undefined {
    if (!this.sizeOk(field, source)) return undefined;
    try {
      return compileTemplate(source, options);
    } catch (error) {
      if (error instanceof TemplateError) {
        this.add(templateProblem(this.path(field), error));
        return undefined;
      }
      throw error;
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw contentInvalid(this.list);
  }
}
