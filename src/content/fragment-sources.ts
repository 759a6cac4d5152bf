// The fragments a content reaches, loaded from the sandbox before compiling (the template
// compiler asks for fragments synchronously).
import type { ContentDb } from './db.ts';
import { fragmentReferences } from './expression/index.ts';
import type { FragmentResolver } from './include.ts';

const MAX_ROUNDS = 12;

/** Direct fragment references of a text; a malformed tag is left for the compiler to report. */
export function referencesOf(source: string): string[] {
  try {
    return fragmentReferences(source);
  } catch {
    return [];
  }
}

export interface LoadedFragments {
  resolve: FragmentResolver;
  /** Names included directly by the sources. */
  direct: string[];
}

/**
 * Loads every fragment the sources include, directly or through other fragments. `override`
 * stands in for a stored fragment (the one being saved).
 */
export async function loadFragments(
  db: ContentDb,
  sandboxId: string,
  sources: readonly string[],
  override?: { name: string; body: string },
): Promise<LoadedFragments> {
  const bodies = new Map<string, string>();
  if (override) bodies.set(override.name, override.body);
  const direct = [...new Set(sources.flatMap(referencesOf))];
  const tried = new Set<string>(bodies.keys());
  let pending = direct.filter((name) => !tried.has(name));
  if (override) pending.push(...referencesOf(override.body).filter((name) => !tried.has(name)));
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const names = [...new Set(pending)];
    for (const name of names) tried.add(name);
    const rows = await db
      .selectFrom('content_fragments')
      .select(['name', 'body'])
      .where('sandbox_id', '=', sandboxId)
      .where('name', 'in', names)
      .execute();
    pending = [];
    for (const row of rows) {
      bodies.set(row.name, row.body);
      for (const name of referencesOf(row.body)) if (!tried.has(name)) pending.push(name);
    }
  }
  return { resolve: (name) => bodies.get(name), direct };
}
