// Compile a template once, render it many times:
//   const template = compileTemplate('Hi {{profile.firstName}}!');
//   template.render({ profile: { firstName: 'Ada' } });  // 'Hi Ada!'
// Compiling throws a TemplateError (line, column, reason) for anything wrong in the template;
// rendering throws a RenderError only when a per-render limit is reached or a function refuses
// its input. Missing data renders as nothing.
import type { TemplateNode } from './ast.ts';
import { Compiler, RenderState, type RenderLimits } from './compile.ts';
import { TemplateError } from './errors.ts';
import { UTC, regionId, type Zone } from './functions/date-time.ts';
import { FUNCTION_LIBRARY } from './functions/library.ts';
import type { FunctionTable } from './functions/library-function.ts';
import { parseTemplate } from './parser.ts';
import { isPlainRecord } from './properties.ts';

export const DEFAULT_LIMITS: RenderLimits = {
  maxOutputLength: 2 * 1024 * 1024,
  maxLoopIterations: 10_000,
  maxValueLength: 2 * 1024 * 1024,
};

export interface CompileOptions {
  /** `html` (default) escapes `{{…}}` and `{%= … %}` output; `none` is for plain-text channels. */
  readonly escape?: 'html' | 'none';
  /** The source of the fragment `{{> name}}` includes, or undefined when there is none. */
  readonly resolveFragment?: (name: string) => string | undefined;
  readonly limits?: Partial<RenderLimits>;
  readonly functions?: FunctionTable;
}

export interface RenderOptions {
  /** "now" for date functions; defaults to the time of the call. */
  readonly now?: Date | number;
  /** Time-zone region of getCurrentZonedDateTime(), e.g. the recipient's; defaults to UTC. */
  readonly timeZone?: string;
  readonly random?: () => number;
}

export interface CompiledTemplate {
  render(data: unknown, options?: RenderOptions): string;
}

const MAX_FRAGMENT_DEPTH = 10;

export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
  const limits: RenderLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const parsedFragments = new Map<string, readonly TemplateNode[]>();
  const compiler = new Compiler({
    functions: options.functions ?? FUNCTION_LIBRARY,
    escape: options.escape !== 'none',
    maxFragmentDepth: MAX_FRAGMENT_DEPTH,
    fragment: (name) => {
      const cached = parsedFragments.get(name);
      if (cached) return cached;
      const fragmentSource = options.resolveFragment?.(name);
      if (fragmentSource === undefined) return undefined;
      try {
        const nodes = parseTemplate(fragmentSource);
        parsedFragments.set(name, nodes);
        return nodes;
      } catch (error) {
        if (error instanceof TemplateError) throw new TemplateError(error.reason, error, name);
        throw error;
      }
    },
  });
  const body = compiler.compileTemplate(parseTemplate(source));
  const slotCount = compiler.slotCount;
  return {
    render(data, renderOptions = {}) {
      const root = isPlainRecord(data) ? data : {};
      const now = renderOptions.now === undefined ? Date.now() : Number(renderOptions.now);
      const state = new RenderState(root, slotCount, limits, {
        now,
        zone: zoneOption(renderOptions.timeZone),
        random: renderOptions.random ?? Math.random,
        maxValueLength: limits.maxValueLength,
      });
      return body(state);
    },
  };
}

function zoneOption(timeZone: string | undefined): Zone {
  if (timeZone === undefined) return UTC;
  const id = regionId(timeZone);
  if (id === undefined) throw new RangeError(`unknown time zone '${timeZone}'`);
  return { kind: 'region', id };
}
