// Compiled content per worker process. Every execution stores its own copy of its content, but
// the calls of one API-triggered campaign all carry the same one: it is checked and compiled once
// and reused by every execution whose stored content is identical. Content that includes
// fragments is compiled per execution, as fragments are read when the execution starts sending.
import { createHash } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { compileContent, contentSources, type CompiledContent } from '../content/compile.ts';
import { contentDb } from '../content/db.ts';
import { loadFragments, referencesOf } from '../content/fragment-sources.ts';
import { ChannelContent } from '../content/model.ts';
import type { Db } from '../db/connection.ts';

export interface ExecutionContent {
  /** The execution's content, and each of its variants by key. */
  compiled: CompiledContent;
  variants: Map<string, CompiledContent>;
}

export interface StoredContent {
  sandboxId: string;
  executionId: string;
  channel: string;
  content: unknown;
  variants: Record<string, unknown> | null;
}

/** Distinct contents kept compiled (least recently used dropped first). */
const KEPT = 200;

async function compileStored(db: Db, stored: StoredContent): Promise<ExecutionContent> {
  const channelContent = (content: unknown, what: string): ChannelContent => {
    const typed = { channel: stored.channel, content };
    if (!Value.Check(ChannelContent, typed))
      throw new Error(
        `execution ${stored.executionId} has ${what} that is not ${stored.channel} content`,
      );
    return typed;
  };
  const content = channelContent(stored.content, 'content');
  const variants = Object.entries(stored.variants ?? {}).map(
    ([key, value]) => [key, channelContent(value, `variant "${key}"`)] as const,
  );
  const fragments = await loadFragments(
    contentDb(db),
    stored.sandboxId,
    [content, ...variants.map(([, v]) => v)].flatMap(contentSources),
  );
  // Each variant compiled once, like the execution's own content.
  const compiled = await compileContent(content, { resolveFragment: fragments.resolve });
  const compiledVariants = new Map<string, CompiledContent>();
  for (const [key, variant] of variants)
    compiledVariants.set(
      key,
      await compileContent(variant, { resolveFragment: fragments.resolve }),
    );
  return { compiled, variants: compiledVariants };
}

/** Whether any text of the stored content includes a fragment. */
function includesFragments(stored: StoredContent): boolean {
  const texts = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(texts)
        : [];
  return texts([stored.content, stored.variants]).some((text) => referencesOf(text).length > 0);
}

export type ContentCompiler = (stored: StoredContent) => Promise<ExecutionContent>;

export function contentCache(db: Db): ContentCompiler {
  /** By the stored content's hash; undefined for content that includes fragments. */
  const kept = new Map<string, Promise<ExecutionContent> | undefined>();
  return (stored) => {
    const key = createHash('sha256')
      .update(JSON.stringify([stored.sandboxId, stored.channel, stored.content, stored.variants]))
      .digest('base64');
    if (kept.has(key)) {
      const found = kept.get(key);
      kept.delete(key);
      kept.set(key, found);
      if (found) return found;
      return compileStored(db, stored);
    }
    if (includesFragments(stored)) {
      kept.set(key, undefined);
      return compileStored(db, stored);
    }
    const compiling = compileStored(db, stored);
    kept.set(key, compiling);
    // Invalid content is reported by every execution that has it, not kept.
    compiling.catch(() => kept.delete(key));
    while (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
    return compiling;
  };
}
