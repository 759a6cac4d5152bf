// An input worktable as the start of a statement: its rows joined to their dataset's table when
// the dimension is a dataset (links and filters read the row's columns there), and every column
// that targeting may filter on (the dataset's, then the worktable's own, which win).
import { AppError } from '../../platform/errors.ts';
import { worktableRef } from '../engine/worktables.ts';
import type { ActivityInput, Worktable } from '../engine/types.ts';
import { dimensionRef, type CatalogNeeds, type DimensionRef } from './catalog.ts';
import { datasetColumns, shortType, type ColumnRef, type TargetingSource } from './compile.ts';
import { datasetTable, type RowRef } from './links.ts';
import { qualified, type SqlContext } from './sql-context.ts';

export interface WorktableSource extends TargetingSource {
  /** FROM items: the worktable as `alias`, joined to its dataset's table when it has one. */
  from: string;
  /** The worktable's alias, for its own columns (`alias."totalSpend"`). */
  alias: string;
  /** The worktable's key expressions, in key order. */
  keys: string[];
  /** Null for a file's rows. */
  dimension: DimensionRef | null;
}

export function worktableSource(worktable: Worktable, ctx: SqlContext): WorktableSource {
  const alias = ctx.alias('w');
  const own = new Map<string, ColumnRef>(
    worktable.columns.map((c) => [
      c.name,
      { sql: qualified(alias, c.name), pgType: shortType(c.type) },
    ]),
  );
  const keys = worktable.keys.map((k) => qualified(alias, k));
  const table = `${worktableRef(worktable.table)} ${alias}`;
  const dimension = worktable.dimension;
  if (dimension.kind === 'file')
    return {
      from: table,
      alias,
      keys,
      dimension: null,
      row: null,
      columns: own,
      description: 'the input',
    };
  const ref = dimensionRef(dimension, ctx.catalog);
  if (ref.kind === 'profiles') {
    const row: RowRef = { kind: 'profiles', id: qualified(alias, 'profile_id') };
    return {
      from: table,
      alias,
      keys,
      dimension: ref,
      row,
      columns: own,
      description: 'the input',
    };
  }
  const dataset = ref.dataset;
  if (dataset.primaryKey.join(',') !== worktable.keys.join(','))
    throw new AppError(
      'ACTIVITY_FAILED',
      `The input's keys (${worktable.keys.join(', ')}) are not the primary key of dataset ${dataset.name}.`,
    );
  const rowAlias = ctx.alias('r');
  const on = dataset.primaryKey
    .map((k) => `${qualified(rowAlias, k)} = ${qualified(alias, k)}`)
    .join(' AND ');
  return {
    from: `${table} JOIN ${datasetTable(dataset, rowAlias)} ON ${on}`,
    alias,
    keys,
    dimension: ref,
    row: { kind: 'dataset', dataset, alias: rowAlias },
    columns: new Map([...datasetColumns(dataset, rowAlias), ...own]),
    description: 'the input',
  };
}

/** The one population an activity works on. */
export function inputPopulation(inputs: ActivityInput[], label: string): Worktable {
  const input = inputs[0]?.worktable;
  if (!input) throw new AppError('ACTIVITY_FAILED', `${label} needs an incoming population.`);
  return input;
}

/** What the catalog needs to read a worktable's rows: its dataset, if any. */
export function worktableNeeds(worktable: Worktable): CatalogNeeds {
  const dimension = worktable.dimension;
  return { datasets: dimension.kind === 'dataset' ? [dimension.dataset] : [], rules: [] };
}
