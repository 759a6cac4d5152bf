// Where the tags of a template are, for tools that work on the text around them (the email
// pipeline protects them from HTML rewriting) and which fragments a template includes.
import { LineMap } from './errors.ts';
import { scanTemplate, type TagKind } from './scanner.ts';

export interface TagSpan {
  readonly kind: TagKind;
  /** Offset of the tag's first brace. */
  readonly start: number;
  /** Offset just past its closing braces. */
  readonly end: number;
  /** The fragment a `{{> name}}` tag includes. */
  readonly fragment?: string;
}

const fragmentName = (body: string): string => body.trim().replace(/^(["'])(.*)\1$/, '$2');

/** The tags of a template in order. Throws a TemplateError where a tag is malformed. */
export function templateTags(source: string): TagSpan[] {
  const spans: TagSpan[] = [];
  for (const segment of scanTemplate(source, new LineMap(source)))
    if (segment.kind === 'tag')
      spans.push({
        kind: segment.tag,
        start: segment.offset,
        end: segment.end,
        ...(segment.tag === 'fragment' ? { fragment: fragmentName(segment.body) } : {}),
      });
  return spans;
}

/** Names of the fragments a template includes directly, each once. Throws like templateTags. */
export function fragmentReferences(source: string): string[] {
  const names = new Set<string>();
  for (const segment of scanTemplate(source, new LineMap(source)))
    if (segment.kind === 'tag' && segment.tag === 'fragment') names.add(fragmentName(segment.body));
  return [...names];
}
