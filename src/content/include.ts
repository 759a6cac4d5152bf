// Fragments written into the text that includes them, so whole-document tools (MJML, CSS
// inlining, HTML-to-text) see the finished markup. Run after the template compiled, which has
// already refused unknown fragments and cycles with their positions.
import { templateTags } from './expression/index.ts';

export type FragmentResolver = (name: string) => string | undefined;

const MAX_DEPTH = 10;

export function expandFragments(
  source: string,
  resolve: FragmentResolver | undefined,
  chain: readonly string[] = [],
): string {
  if (!resolve || !source.includes('>')) return source;
  let out = '';
  let last = 0;
  for (const span of templateTags(source)) {
    if (span.fragment === undefined) continue;
    const included = resolve(span.fragment);
    if (included === undefined || chain.includes(span.fragment) || chain.length >= MAX_DEPTH)
      continue;
    out +=
      source.slice(last, span.start) +
      expandFragments(included, resolve, [...chain, span.fragment]);
    last = span.end;
  }
  return out + source.slice(last);
}
