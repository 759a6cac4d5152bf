// SMS content compiled once, rendered per recipient with its length analysed.
import type { RenderOptions } from './expression/index.ts';
import type { FragmentResolver } from './include.ts';
import type { SmsContent } from './model.ts';
import { Problems, renderField } from './problems.ts';
import { analyseSms, type SmsAnalysis } from './sms.ts';

export interface CompiledSms {
  render(data: unknown, options?: RenderOptions): { text: string; analysis: SmsAnalysis };
}

export function compileSms(
  content: SmsContent,
  options: { resolveFragment?: FragmentResolver; pathPrefix?: string } = {},
): CompiledSms {
  const problems = new Problems(options.pathPrefix);
  const body = problems.compile('/body', content.body, {
    escape: 'none',
    resolveFragment: options.resolveFragment,
  });
  problems.throwIfAny();
  if (!body) throw new Error('unreachable: problems were thrown');
  return {
    render(data, renderOptions) {
      const text = renderField(problems.path('/body'), body, data, renderOptions);
      return { text, analysis: analyseSms(text) };
    },
  };
}
