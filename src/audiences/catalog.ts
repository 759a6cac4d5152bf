// What a rule needs to compile (the audiences it reaches, the datasets they use), its checks,
// and cycle detection at save time.
import { AppError } from '../platform/errors.ts';
import { findDataset, type StoredDataset } from '../profiles/datasets/store.ts';
import { compileRule, type Catalog, type CompiledQuery } from './compiler.ts';
import { asRuleTree, asUploadState, type AudiencesDb } from './db.ts';
import { RULE_VERSION, type Audience, type RuleTree as RuleTreeType } from './model.ts';
import { referencedAudiences, referencedDatasets, ruleViolations } from './validate.ts';

async function loadAudiences(db: AudiencesDb, sandboxId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('audiences')
    .select(['id', 'kind', 'definition'])
    .where('sandbox_id', '=', sandboxId)
    .where('id', 'in', ids)
    .execute();
}

/** Everything a rule needs to compile: the audiences it reaches and the datasets they use. */
export async function loadCatalog(
  db: AudiencesDb,
  sandboxId: string,
  rule: RuleTreeType,
): Promise<Catalog> {
  const audiences = new Map<string, RuleTreeType>();
  const uploads = new Map<string, string | null>();
  let frontier = referencedAudiences(rule.root);
  while (frontier.length) {
    const fresh = [...new Set(frontier)].filter((id) => !audiences.has(id) && !uploads.has(id));
    frontier = [];
    for (const row of await loadAudiences(db, sandboxId, fresh)) {
      switch (row.kind) {
        case 'rule': {
          const tree = asRuleTree(row.definition);
          audiences.set(row.id, tree);
          frontier.push(...referencedAudiences(tree.root));
          break;
        }
        case 'upload':
          uploads.set(row.id, asUploadState(row.definition).importId);
          break;
      }
    }
  }
  const datasets = new Map<string, StoredDataset>();
  const names = new Set(
    [rule, ...audiences.values()].flatMap((tree) => referencedDatasets(tree.root)),
  );
  for (const name of names) {
    const dataset = await findDataset(db, sandboxId, name);
    if (dataset) datasets.set(name, dataset);
  }
  return { datasets, audiences, uploads };
}

/** The path of references from `rule` back to `selfId`, if saving it would close a cycle. */
export function findCycle(
  selfId: string,
  rule: RuleTreeType,
  catalog: Catalog,
): string[] | undefined {
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (id === selfId) return trail;
    if (trail.includes(id)) return undefined;
    const tree = catalog.audiences.get(id);
    if (!tree) return undefined;
    for (const next of referencedAudiences(tree.root)) {
      const found = visit(next, [...trail, id]);
      if (found) return found;
    }
    return undefined;
  };
  for (const first of referencedAudiences(rule.root)) {
    const found = visit(first, []);
    if (found) return [...found, selfId];
  }
  return undefined;
}

/** The path of the node that refers to `target` (for the error message). */
function pathOfReference(
  node: RuleTreeType['root'],
  target: string,
  path = '/rule/root',
): string | undefined {
  if (node.kind === 'audience')
    return node.audienceId === target ? `${path}/audienceId` : undefined;
  if (node.kind !== 'group') return undefined;
  for (let i = 0; i < node.children.length; i++) {
    const child = node.children[i];
    const found = child ? pathOfReference(child, target, `${path}/children/${i}`) : undefined;
    if (found) return found;
  }
  return undefined;
}

export async function prepareRule(
  db: AudiencesDb,
  sandboxId: string,
  rule: RuleTreeType,
  selfId?: string,
): Promise<Catalog> {
  const catalog = await loadCatalog(db, sandboxId, rule);
  const lists = await db
    .selectFrom('subscription_lists')
    .select('id')
    .where('sandbox_id', '=', sandboxId)
    .execute();
  const problems = ruleViolations(rule.root, {
    datasets: catalog.datasets,
    audiences: new Set([...catalog.audiences.keys(), ...(catalog.uploads?.keys() ?? [])]),
    lists: new Set(lists.map((l) => l.id)),
  });
  if (problems.length)
    throw new AppError(
      'AUDIENCE_RULE_INVALID',
      `${problems[0]?.path} ${problems[0]?.message}`,
      problems,
    );
  if (selfId) {
    const cycle = findCycle(selfId, rule, catalog);
    if (cycle) {
      const path = pathOfReference(rule.root, cycle[0] ?? '') ?? '/rule/root';
      // People know audiences by name; the ids stay in the details for programs.
      const rows = await db
        .selectFrom('audiences')
        .select(['id', 'name'])
        .where('sandbox_id', '=', sandboxId)
        .where('id', 'in', [selfId, ...cycle])
        .execute();
      const nameOf = (id: string) => rows.find((r) => r.id === id)?.name ?? 'this audience';
      const chain = cycle.map(nameOf).join(' → ');
      throw new AppError('AUDIENCE_CYCLE', `${path} closes a cycle: ${nameOf(selfId)} → ${chain}`, [
        { path, message: `refers back to this audience through ${chain}` },
      ]);
    }
  }
  return catalog;
}

export async function compileAudienceRule(
  db: AudiencesDb,
  sandboxId: string,
  rule: RuleTreeType,
  now: Date,
  selfId?: string,
): Promise<CompiledQuery> {
  const catalog = await prepareRule(db, sandboxId, rule, selfId);
  return compileRule(rule, { sandboxId, now, catalog, ...(selfId ? { selfId } : {}) });
}

/** The query of a saved audience: its rule, or the members of its last completed upload. */
export async function compileAudience(
  db: AudiencesDb,
  sandboxId: string,
  audience: Audience,
  now: Date,
): Promise<CompiledQuery> {
  switch (audience.kind) {
    case 'rule':
      return compileAudienceRule(db, sandboxId, audience.rule, now, audience.id);
    case 'upload':
      return compileRule(
        { version: RULE_VERSION, root: { kind: 'audience', audienceId: audience.id } },
        {
          sandboxId,
          now,
          catalog: {
            datasets: new Map(),
            audiences: new Map(),
            uploads: new Map([[audience.id, audience.upload.importId]]),
          },
        },
      );
  }
}
