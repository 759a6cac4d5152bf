// Links between two dimensions: which columns join a row of one to rows of the other, and how
// many rows each side has on the other (from the dataset's declared cardinality). Datasets link
// to profiles (by an identity namespace or the profile id) or to another dataset (by columns
// matching its primary key); a link is followed in either direction.
import { escapeIdentifier } from 'pg';
import { AppError } from '../../platform/errors.ts';
import type { Cardinality } from '../../profiles/datasets/model.ts';
import { DATASET_SCHEMA, type StoredDataset } from '../../profiles/datasets/store.ts';
import { dimensionName, type DimensionRef } from './catalog.ts';
import { qualified, type SqlContext } from './sql-context.ts';

export type LinkPath =
  /** `dataset` holds `column`, an identity of `by`'s namespace or the profile id. */
  | {
      kind: 'profile';
      dataset: StoredDataset;
      column: string;
      by: string;
      datasetIsSource: boolean;
    }
  /** `owner.columns` hold the primary key of `target`. */
  | {
      kind: 'dataset';
      owner: StoredDataset;
      target: StoredDataset;
      columns: string[];
      ownerIsSource: boolean;
    };

export interface ResolvedLink {
  path: LinkPath;
  /** Each source row has at most one linked row. */
  sourceToOne: boolean;
  /** Each linked row has at most one source row. */
  targetToOne: boolean;
}

/** How many linked rows an owner row has (`1-N`: many), and how many owner rows a linked row has (`N-1`: many). */
function ownerToOne(cardinality: Cardinality): boolean {
  return cardinality !== '1-N';
}
function linkedToOne(cardinality: Cardinality): boolean {
  return cardinality !== 'N-1';
}

function oriented(ownerIsSource: boolean, cardinality: Cardinality) {
  const forward = ownerToOne(cardinality);
  const backward = linkedToOne(cardinality);
  return ownerIsSource
    ? { sourceToOne: forward, targetToOne: backward }
    : { sourceToOne: backward, targetToOne: forward };
}

/** The link from `source` to `target`, or a failure saying that they are not linked. */
export function resolveLink(source: DimensionRef, target: DimensionRef): ResolvedLink {
  if (source.kind === 'dataset' && target.kind === 'profiles') {
    const link = source.dataset.link;
    if (link?.kind === 'profile')
      return {
        path: {
          kind: 'profile',
          dataset: source.dataset,
          column: link.column,
          by: link.by,
          datasetIsSource: true,
        },
        ...oriented(true, link.cardinality),
      };
  } else if (source.kind === 'profiles' && target.kind === 'dataset') {
    const link = target.dataset.link;
    if (link?.kind === 'profile')
      return {
        path: {
          kind: 'profile',
          dataset: target.dataset,
          column: link.column,
          by: link.by,
          datasetIsSource: false,
        },
        ...oriented(false, link.cardinality),
      };
  } else if (source.kind === 'dataset' && target.kind === 'dataset') {
    const forward = source.dataset.link;
    if (forward?.kind === 'dataset' && forward.dataset === target.dataset.name)
      return {
        path: {
          kind: 'dataset',
          owner: source.dataset,
          target: target.dataset,
          columns: forward.columns,
          ownerIsSource: true,
        },
        ...oriented(true, forward.cardinality),
      };
    const backward = target.dataset.link;
    if (backward?.kind === 'dataset' && backward.dataset === source.dataset.name)
      return {
        path: {
          kind: 'dataset',
          owner: target.dataset,
          target: source.dataset,
          columns: backward.columns,
          ownerIsSource: false,
        },
        ...oriented(false, backward.cardinality),
      };
  }
  throw new AppError(
    'ACTIVITY_FAILED',
    `${dimensionName(source)} is not linked to ${dimensionName(target)}.`,
  );
}

/** A row to start from: a profile (its id as an expression) or a row of a dataset's table. */
export type RowRef =
  { kind: 'profiles'; id: string } | { kind: 'dataset'; dataset: StoredDataset; alias: string };

export function rowDimension(row: RowRef): DimensionRef {
  return row.kind === 'profiles' ? { kind: 'profiles' } : { kind: 'dataset', dataset: row.dataset };
}

/** The rows linked to a source row, as FROM items and conditions to put in a (sub)query. */
export interface LinkedRows {
  link: ResolvedLink;
  from: string[];
  /** Joins the FROM items together and to the source row. */
  where: string[];
  /** The linked row's key expressions (profile id, or primary key columns in order). */
  keys: string[];
  row: RowRef;
}

export function datasetTable(dataset: StoredDataset, alias: string): string {
  return `${escapeIdentifier(DATASET_SCHEMA)}.${escapeIdentifier(dataset.tableName)} ${alias}`;
}

/** An identity column of a dataset in the form identities are stored (C collation, emails in lower case). */
function identityValue(column: string, namespace: string): string {
  return namespace === 'email' ? `lower(${column}) COLLATE "C"` : `${column} COLLATE "C"`;
}

export function linkedRows(source: RowRef, target: DimensionRef, ctx: SqlContext): LinkedRows {
  const link = resolveLink(rowDimension(source), target);
  const path = link.path;
  const alias = ctx.alias('l');
  if (path.kind === 'profile' && source.kind === 'dataset') {
    const column = qualified(source.alias, path.column);
    if (path.by === 'profileId')
      return {
        link,
        from: [`profiles ${alias}`],
        where: [`${alias}.sandbox_id = ${ctx.sandbox()}`, `${alias}.id::text = ${column}`],
        keys: [`${alias}.id`],
        row: { kind: 'profiles', id: `${alias}.id` },
      };
    return {
      link,
      from: [`profile_identities ${alias}`],
      where: [
        `${alias}.sandbox_id = ${ctx.sandbox()}`,
        `${alias}.namespace = ${ctx.params.add(path.by)}`,
        `${alias}.value = ${identityValue(column, path.by)}`,
      ],
      keys: [`${alias}.profile_id`],
      row: { kind: 'profiles', id: `${alias}.profile_id` },
    };
  }
  if (path.kind === 'profile' && source.kind === 'profiles') {
    const row: RowRef = { kind: 'dataset', dataset: path.dataset, alias };
    const keys = path.dataset.primaryKey.map((k) => qualified(alias, k));
    const column = qualified(alias, path.column);
    if (path.by === 'profileId')
      return {
        link,
        from: [datasetTable(path.dataset, alias)],
        where: [`${column} = (${source.id})::text`],
        keys,
        row,
      };
    const identity = `${alias}_id`;
    return {
      link,
      from: [`profile_identities ${identity}`, datasetTable(path.dataset, alias)],
      where: [
        `${identity}.sandbox_id = ${ctx.sandbox()}`,
        `${identity}.namespace = ${ctx.params.add(path.by)}`,
        `${identity}.profile_id = ${source.id}`,
        `${identityValue(column, path.by)} = ${identity}.value`,
      ],
      keys,
      row,
    };
  }
  if (path.kind === 'dataset' && source.kind === 'dataset') {
    const linked = path.ownerIsSource ? path.target : path.owner;
    const pairs = path.columns.map((column, i) => {
      const key = path.target.primaryKey[i] ?? column;
      return path.ownerIsSource
        ? `${qualified(alias, key)} = ${qualified(source.alias, column)}`
        : `${qualified(alias, column)} = ${qualified(source.alias, key)}`;
    });
    return {
      link,
      from: [datasetTable(linked, alias)],
      where: pairs,
      keys: linked.primaryKey.map((k) => qualified(alias, k)),
      row: { kind: 'dataset', dataset: linked, alias },
    };
  }
  throw new Error('a resolved link does not fit its source row');
}
