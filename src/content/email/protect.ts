// Template tags stand aside while HTML tools (MJML, CSS inlining, HTML-to-text) rewrite the markup
// around them: each tag becomes a plain word that every tool keeps as it is (in text, attribute
// values, CSS), and is put back afterwards. A tag some tool dropped is reported where it was.
import { templateTags } from '../expression/index.ts';

export interface ProtectedTemplate {
  /** The source with every tag replaced by a placeholder word. */
  readonly text: string;
  /** The original tags, by placeholder number. */
  readonly tags: readonly string[];
  /** Offsets of the tags in the source, by placeholder number. */
  readonly offsets: readonly number[];
  /** Puts the tags back; `missing` lists placeholders that were not found. */
  restore(text: string): { text: string; missing: number[] };
  /** Placeholder numbers in the order they appear in `text`. */
  find(text: string): number[];
}

export function protectTags(source: string): ProtectedTemplate {
  let marker = 'clariontag';
  while (source.toLowerCase().includes(marker)) marker += 'q';
  const tags: string[] = [];
  const offsets: number[] = [];
  let text = '';
  let last = 0;
  for (const span of templateTags(source)) {
    text += source.slice(last, span.start) + `${marker}${tags.length}x`;
    tags.push(source.slice(span.start, span.end));
    offsets.push(span.start);
    last = span.end;
  }
  text += source.slice(last);
  const pattern = () => new RegExp(`${marker}(\\d+)x`, 'gi');
  return {
    text,
    tags,
    offsets,
    restore(rewritten) {
      const seen = new Set<number>();
      const restored = rewritten.replace(pattern(), (match, digits: string) => {
        const index = Number(digits);
        const tag = tags[index];
        if (tag === undefined) return match;
        seen.add(index);
        return tag;
      });
      const missing = tags.map((_, i) => i).filter((i) => !seen.has(i));
      return { text: restored, missing };
    },
    find(rewritten) {
      return [...rewritten.matchAll(pattern())].map((match) => Number(match[1]));
    },
  };
}
