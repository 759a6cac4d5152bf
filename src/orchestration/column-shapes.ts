// What column inference works with and gives: the catalog (datasets, attribute types,
// audiences), a population's columns, and the shapes a few activities give their output. Pure;
// shared with the console.
import type { AttributeType } from '../audiences/model.ts';
import { assertNever } from '../platform/assert.ts';
import type { ColumnType, Link } from '../profiles/datasets/model.ts';
import type { Dimension } from './model.ts';

export interface PopulationColumn {
  name: string;
  /** How a filter compares it. */
  type: AttributeType;
}

/** A dataset as the console lists it and the server stores it. */
export interface CatalogDataset {
  name: string;
  columns: readonly { name: string; type: ColumnType }[];
  primaryKey: readonly string[];
  link?: Link | null | undefined;
}

export interface ColumnCatalog {
  datasets: readonly CatalogDataset[];
  /** Profile attribute paths with their types: the type of an attribute an Enrichment adds. */
  attributes?: readonly { path: string; type: string }[] | undefined;
  /** Audiences: an uploaded one's members carry its file's columns. */
  audiences?: readonly { id: string; upload?: { attributeColumns: readonly string[] } }[];
}

export interface PopulationColumns {
  /** What the rows are; undefined when the definition does not say. */
  dimension: Dimension | undefined;
  keys: string[];
  /** The worktable's columns, keys first, in the engine's order. */
  columns: PopulationColumn[];
  /**
   * Columns of the rows' own dataset (a dataset dimension), which targeting reads through a join
   * although the worktable does not hold them.
   */
  rowColumns: PopulationColumn[];
  /**
   * Profile attributes are not columns: an audience rule on the row's profile reads them (or an
   * Enrichment adds them as columns).
   */
  attributesByRule: boolean;
  /** False when some columns depend on what the catalog lacks or the engine would refuse. */
  complete: boolean;
}

export const PROFILE_KEY: PopulationColumn = { name: 'profile_id', type: 'string' };

export function filterTypeOf(type: ColumnType): AttributeType {
  switch (type) {
    case 'integer':
    case 'decimal':
      return 'number';
    case 'date':
    case 'timestamp':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return assertNever(type);
  }
}

export const isAttributeType = (type: string): type is AttributeType =>
  type === 'string' || type === 'number' || type === 'boolean' || type === 'date';

/**
 * Whether each row of `to` stands for at most one row of `from` along their link (as the
 * engine's resolveLink orients the declared cardinality); null when they are not linked.
 */
export function targetToOne(
  from: Dimension,
  to: Dimension,
  dataset: (name: string) => CatalogDataset | undefined,
): boolean | null {
  const source = from.kind === 'dataset' ? dataset(from.dataset) : undefined;
  const target = to.kind === 'dataset' ? dataset(to.dataset) : undefined;
  // Cardinality is rows of the dataset owning the link to linked rows: N-1 many rows per linked
  // row, 1-N many linked rows per row.
  if (source && to.kind === 'profiles')
    return source.link?.kind === 'profile' ? source.link.cardinality !== 'N-1' : null;
  if (from.kind === 'profiles' && target)
    return target.link?.kind === 'profile' ? target.link.cardinality !== '1-N' : null;
  if (!source || !target) return null;
  if (source.link?.kind === 'dataset' && source.link.dataset === target.name)
    return source.link.cardinality !== 'N-1';
  if (target.link?.kind === 'dataset' && target.link.dataset === source.name)
    return target.link.cardinality !== '1-N';
  return null;
}

export function population(
  dimension: Dimension,
  keys: PopulationColumn[],
  others: PopulationColumn[],
  complete: boolean,
): PopulationColumns {
  return {
    dimension,
    keys: keys.map((c) => c.name),
    columns: [...keys, ...others],
    rowColumns: [],
    attributesByRule: dimension.kind === 'profiles',
    complete,
  };
}

/** A file's good lines typed as configured, or its rejected lines as raw text with the reason. */
export function loadedFile(
  columns: readonly { name: string; type: ColumnType }[],
  rejects: boolean,
): PopulationColumns {
  const lineNo: PopulationColumn = { name: 'line_no', type: 'number' };
  const rest = rejects
    ? [
        { name: 'column', type: 'string' as const },
        { name: 'reason', type: 'string' as const },
        ...columns.map((c) => ({ name: c.name, type: 'string' as const })),
      ]
    : columns.map((c) => ({ name: c.name, type: filterTypeOf(c.type) }));
  return {
    dimension: { kind: 'file' },
    keys: ['line_no'],
    columns: [lineNo, ...rest],
    rowColumns: [],
    attributesByRule: false,
    complete: true,
  };
}

/** Profiles keyed by profile_id, with the reconciled rows' columns (their keys too). */
export function reconciled(input: PopulationColumns | null): PopulationColumns | null {
  if (!input) return null;
  return {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    columns: [PROFILE_KEY, ...input.columns.filter((c) => c.name !== 'profile_id')],
    rowColumns: [],
    attributesByRule: true,
    complete: input.complete,
  };
}
