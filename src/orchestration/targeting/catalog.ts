// What targeting SQL needs to know before it is written: the datasets it names (dimensions,
// linked datasets, enrichment sources) and the audiences and datasets its rules reach. Loaded
// once, in the task's transaction, then used by pure SQL builders.
import type pg from 'pg';
import type { Catalog } from '../../audiences/compiler.ts';
import type { RuleTree } from '../../audiences/model.ts';
import { asRuleTree, audiencesDb, prepareRule } from '../../audiences/store.ts';
import { AppError } from '../../platform/errors.ts';
import { POSTGRES_TYPES } from '../../profiles/datasets/definition.ts';
import { findDataset, type StoredDataset } from '../../profiles/datasets/store.ts';
import { profilesDb } from '../../profiles/db.ts';
import type { Dimension, Targeting } from '../model.ts';
import { transactionDb } from './client-db.ts';

/** A dimension with its dataset loaded. */
export type DimensionRef = { kind: 'profiles' } | { kind: 'dataset'; dataset: StoredDataset };

export interface CatalogNeeds {
  datasets: string[];
  rules: RuleTree[];
}

/** The datasets a dimension and its targeting name, and the rules they hold. */
export function targetingNeeds(
  dimension: Dimension,
  targeting: Targeting | undefined,
): CatalogNeeds {
  return {
    datasets: [
      ...(dimension.kind === 'dataset' ? [dimension.dataset] : []),
      ...(targeting?.linked ?? []).map((l) => l.dataset),
    ],
    rules: targeting?.rule ? [asRuleTree(targeting.rule)] : [],
  };
}

export function mergeNeeds(...needs: CatalogNeeds[]): CatalogNeeds {
  return { datasets: needs.flatMap((n) => n.datasets), rules: needs.flatMap((n) => n.rules) };
}

/** Loads (and checks) what `needs` names; rules are validated as the audiences area does. */
export async function loadTargetingCatalog(
  client: pg.ClientBase,
  sandboxId: string,
  needs: CatalogNeeds,
): Promise<Catalog> {
  const db = transactionDb(client);
  const catalog: Required<Catalog> = {
    datasets: new Map(),
    audiences: new Map(),
    uploads: new Map(),
  };
  for (const rule of needs.rules) {
    const found = await prepareRule(audiencesDb(db), sandboxId, rule);
    for (const [name, dataset] of found.datasets) catalog.datasets.set(name, dataset);
    for (const [id, tree] of found.audiences) catalog.audiences.set(id, tree);
    for (const [id, upload] of found.uploads ?? []) catalog.uploads.set(id, upload);
  }
  for (const name of new Set(needs.datasets)) {
    if (catalog.datasets.has(name)) continue;
    const dataset = await findDataset(profilesDb(db), sandboxId, name);
    if (!dataset) throw new AppError('ACTIVITY_FAILED', `No dataset named "${name}".`);
    catalog.datasets.set(name, dataset);
  }
  return catalog;
}

export function datasetOf(catalog: Catalog, name: string): StoredDataset {
  const dataset = catalog.datasets.get(name);
  if (!dataset) throw new AppError('ACTIVITY_FAILED', `No dataset named "${name}".`);
  return dataset;
}

export function dimensionRef(dimension: Dimension, catalog: Catalog): DimensionRef {
  switch (dimension.kind) {
    case 'profiles':
      return { kind: 'profiles' };
    case 'dataset':
      return { kind: 'dataset', dataset: datasetOf(catalog, dimension.dataset) };
    case 'file':
      throw new AppError(
        'ACTIVITY_FAILED',
        'Rows of a file are not linked to anything: reconcile them with profiles first.',
      );
  }
}

export function dimensionName(ref: DimensionRef): string {
  return ref.kind === 'profiles' ? 'profiles' : `dataset ${ref.dataset.name}`;
}

/** The key columns of a worktable of this dimension, with their PostgreSQL types. */
export function keyColumns(ref: DimensionRef): { name: string; type: string }[] {
  if (ref.kind === 'profiles') return [{ name: 'profile_id', type: 'uuid' }];
  return ref.dataset.primaryKey.map((name) => {
    const column = ref.dataset.columns.find((c) => c.name === name);
    if (!column) throw new Error(`dataset ${ref.dataset.name} lacks its key column ${name}`);
    return { name, type: POSTGRES_TYPES[column.type] };
  });
}

export function toDimension(ref: DimensionRef): Dimension {
  return ref.kind === 'profiles'
    ? { kind: 'profiles' }
    : { kind: 'dataset', dataset: ref.dataset.name };
}
