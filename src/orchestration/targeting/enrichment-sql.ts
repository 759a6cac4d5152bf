// Enrichment as one statement: the input's rows with, for each group of new columns, a LEFT
// JOIN to a subquery keyed by the input's keys — linked attributes (one linked row), aggregates
// over linked rows (grouped), and the first N linked rows (numbered, then folded into columns).
import { escapeIdentifier } from 'pg';
import { pathLiteral } from '../../audiences/predicates.ts';
import { AppError } from '../../platform/errors.ts';
import type { StoredDataset } from '../../profiles/datasets/store.ts';
import type { Worktable } from '../engine/types.ts';
import { worktableRef } from '../engine/worktables.ts';
import type { ActivityConfig } from '../model.ts';
import { datasetOf, dimensionName } from './catalog.ts';
import { datasetColumns, fieldPredicate } from './compile.ts';
import { linkedRows, type RowRef } from './links.ts';
import { worktableSource, type WorktableSource } from './sources.ts';
import { qualified, type SqlContext } from './sql-context.ts';

export type EnrichmentConfig = ActivityConfig<'enrichment'>;

const PATH_SEGMENT = /^[A-Za-z0-9_-]+$/;
const FILE_ROWS = 'Rows of a file are linked to nothing: reconcile them with profiles first.';

const collectedName = (prefix: string, n: number, column: string) => `${prefix}_${n}_${column}`;

/** The names of the columns the enrichment adds, in order. */
export function enrichmentColumns(config: EnrichmentConfig): string[] {
  return [
    ...config.attributes.map((a) => a.name),
    ...config.aggregates.map((a) => a.name),
    ...config.collected.flatMap((c) =>
      Array.from({ length: c.count }, (_, i) =>
        c.columns.map((col) => collectedName(c.prefix, i + 1, col)),
      ).flat(),
    ),
  ];
}

interface Part {
  /** `LEFT JOIN (…) alias ON …` */
  join: string;
  /** New column name → its select expression. */
  columns: [string, string][];
}

interface Statement {
  main: string;
  input: Worktable;
  ctx: SqlContext;
}

const keyAlias = (i: number) => escapeIdentifier(`_k${i + 1}`);
const keyed = (source: WorktableSource) =>
  source.keys.map((k, i) => `${k} AS ${keyAlias(i)}`).join(', ');

/** A fresh view of the input's rows for one subquery. */
function rowsOf(s: Statement): WorktableSource & { row: RowRef } {
  const source = worktableSource(s.input, s.ctx);
  if (!source.row) throw new AppError('ACTIVITY_FAILED', FILE_ROWS);
  return { ...source, row: source.row };
}

/** The input's rows joined to the rows of `dataset` linked to them. */
function withLinked(s: Statement, dataset: StoredDataset, oneEach: boolean) {
  const source = rowsOf(s);
  const linked = linkedRows(source.row, { kind: 'dataset', dataset }, s.ctx);
  if (linked.row.kind !== 'dataset') throw new Error('a dataset link leads to a dataset row');
  if (oneEach && !linked.link.sourceToOne)
    throw new AppError(
      'ACTIVITY_FAILED',
      `A row of ${dimensionName(source.dimension ?? { kind: 'profiles' })} has several rows of dataset ${dataset.name}: use an aggregate or collected rows.`,
    );
  return {
    source,
    linked,
    row: linked.row.alias,
    from: [source.from, ...linked.from].join(', '),
    column: (name: string, use: string) => {
      const column = dataset.columns.find((c) => c.name === name);
      if (!column)
        throw new AppError(
          'ACTIVITY_FAILED',
          `${use}: "${name}" is not a column of dataset ${dataset.name}.`,
        );
      return column;
    },
    filters: (where: EnrichmentConfig['aggregates'][number]['where']) =>
      (where ?? []).map((f) =>
        fieldPredicate(
          f,
          datasetColumns(dataset, linked.row.kind === 'dataset' ? linked.row.alias : ''),
          `dataset ${dataset.name}`,
          s.ctx,
        ),
      ),
  };
}

function part(s: Statement, subquery: string, alias: string, names: string[]): Part {
  const on = s.input.keys
    .map((k, i) => `${qualified(s.main, k)} = ${alias}.${keyAlias(i)}`)
    .join(' AND ');
  return {
    join: `LEFT JOIN (${subquery}) ${alias} ON ${on}`,
    columns: names.map((n) => [n, `${alias}.${escapeIdentifier(n)}`]),
  };
}

function profileAttributes(s: Statement, config: EnrichmentConfig): Part[] {
  const wanted = config.attributes.flatMap((a) =>
    a.source.kind === 'profile' ? [{ name: a.name, path: a.source.path }] : [],
  );
  if (!wanted.length) return [];
  const source = rowsOf(s);
  const from = [source.from];
  const where: string[] = [];
  let profileId: string;
  if (source.row.kind === 'profiles') profileId = source.row.id;
  else {
    // A dataset's rows reach their profile through its link.
    const linked = linkedRows(source.row, { kind: 'profiles' }, s.ctx);
    from.push(...linked.from);
    where.push(...linked.where);
    profileId = linked.keys[0] ?? '';
  }
  const profile = s.ctx.alias('p');
  from.push(`profiles ${profile}`);
  where.push(`${profile}.sandbox_id = ${s.ctx.sandbox()}`, `${profile}.id = ${profileId}`);
  const values = wanted.map(({ name, path }) => {
    const segments = path.split('.');
    if (!segments.every((segment) => PATH_SEGMENT.test(segment)))
      throw new AppError('ACTIVITY_FAILED', `${name}: "${path}" is not an attribute path.`);
    return `${profile}.attributes #>> ${pathLiteral(segments)} AS ${escapeIdentifier(name)}`;
  });
  const keys = source.keys.join(', ');
  const alias = s.ctx.alias('e');
  const subquery = `SELECT DISTINCT ON (${keys}) ${keyed(source)}, ${values.join(', ')} FROM ${from.join(', ')} WHERE ${where.join(' AND ')} ORDER BY ${keys}`;
  return [
    part(
      s,
      subquery,
      alias,
      wanted.map((w) => w.name),
    ),
  ];
}

function datasetAttributes(s: Statement, config: EnrichmentConfig): Part[] {
  const byDataset = new Map<string, { name: string; column: string }[]>();
  for (const a of config.attributes)
    if (a.source.kind === 'dataset')
      byDataset.set(a.source.dataset, [
        ...(byDataset.get(a.source.dataset) ?? []),
        { name: a.name, column: a.source.column },
      ]);
  return [...byDataset].map(([name, wanted]) => {
    const j = withLinked(s, datasetOf(s.ctx.catalog, name), true);
    const values = wanted.map(
      (w) => `${qualified(j.row, j.column(w.column, w.name).name)} AS ${escapeIdentifier(w.name)}`,
    );
    const keys = j.source.keys.join(', ');
    const alias = s.ctx.alias('e');
    const subquery = `SELECT DISTINCT ON (${keys}) ${keyed(j.source)}, ${values.join(', ')} FROM ${j.from} WHERE ${j.linked.where.join(' AND ')} ORDER BY ${[...j.source.keys, ...j.linked.keys].join(', ')}`;
    return part(
      s,
      subquery,
      alias,
      wanted.map((w) => w.name),
    );
  });
}

function aggregateParts(s: Statement, config: EnrichmentConfig): Part[] {
  const byDataset = new Map<string, EnrichmentConfig['aggregates']>();
  for (const a of config.aggregates)
    byDataset.set(a.dataset, [...(byDataset.get(a.dataset) ?? []), a]);
  return [...byDataset].map(([name, wanted]) => {
    const j = withLinked(s, datasetOf(s.ctx.catalog, name), false);
    const values = wanted.map((a) => {
      const column = a.column ? j.column(a.column, a.name) : undefined;
      if (!column && a.fn !== 'count')
        throw new AppError('ACTIVITY_FAILED', `${a.name}: ${a.fn} needs a column.`);
      const numeric = column?.type === 'integer' || column?.type === 'decimal';
      if ((a.fn === 'sum' || a.fn === 'avg') && !numeric)
        throw new AppError('ACTIVITY_FAILED', `${a.name}: ${a.fn} needs a number column.`);
      if (column?.type === 'boolean' && a.fn !== 'count')
        throw new AppError('ACTIVITY_FAILED', `${a.name}: ${a.fn} does not apply to booleans.`);
      const filters = j.filters(a.where);
      const filter = filters.length ? ` FILTER (WHERE ${filters.join(' AND ')})` : '';
      const argument = column ? qualified(j.row, column.name) : '*';
      return `${a.fn}(${argument})${filter} AS ${escapeIdentifier(a.name)}`;
    });
    const alias = s.ctx.alias('g');
    const subquery = `SELECT ${keyed(j.source)}, ${values.join(', ')} FROM ${j.from} WHERE ${j.linked.where.join(' AND ')} GROUP BY ${j.source.keys.join(', ')}`;
    const joined = part(s, subquery, alias, []);
    // No linked row: a count of zero, and no value for the other aggregates.
    joined.columns = wanted.map((a) => {
      const value = `${alias}.${escapeIdentifier(a.name)}`;
      return [a.name, a.fn === 'count' ? `coalesce(${value}, 0)` : value];
    });
    return joined;
  });
}

function collectedParts(s: Statement, config: EnrichmentConfig): Part[] {
  return config.collected.map((c) => {
    const j = withLinked(s, datasetOf(s.ctx.catalog, c.dataset), false);
    const order = qualified(j.row, j.column(c.orderBy.column, c.prefix).name);
    const values = c.columns.map(
      (column, i) => `${qualified(j.row, j.column(column, c.prefix).name)} AS v${i + 1}`,
    );
    const numbered =
      `SELECT ${keyed(j.source)}, ${values.join(', ')}, row_number() OVER (PARTITION BY ${j.source.keys.join(', ')}` +
      ` ORDER BY ${order} ${c.orderBy.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, ${j.linked.keys.join(', ')}) AS rn` +
      ` FROM ${j.from} WHERE ${[...j.linked.where, ...j.filters(c.where)].join(' AND ')}`;
    const r = s.ctx.alias('n');
    const names: string[] = [];
    const folded: string[] = [];
    for (let n = 1; n <= c.count; n++)
      c.columns.forEach((column, i) => {
        const name = collectedName(c.prefix, n, column);
        names.push(name);
        folded.push(
          `(array_agg(${r}.v${i + 1}) FILTER (WHERE ${r}.rn = ${n}))[1] AS ${escapeIdentifier(name)}`,
        );
      });
    const keys = s.input.keys.map((_, i) => `${r}.${keyAlias(i)}`).join(', ');
    const subquery = `SELECT ${keys}, ${folded.join(', ')} FROM (${numbered}) ${r} WHERE ${r}.rn <= ${c.count} GROUP BY ${keys}`;
    return part(s, subquery, s.ctx.alias('c'), names);
  });
}

/** The SELECT of the enriched rows: every input column, then the new ones in order. */
export function enrichmentSelect(
  input: Worktable,
  config: EnrichmentConfig,
  ctx: SqlContext,
): string {
  const s: Statement = { main: ctx.alias('m'), input, ctx };
  const parts = [
    ...profileAttributes(s, config),
    ...datasetAttributes(s, config),
    ...aggregateParts(s, config),
    ...collectedParts(s, config),
  ];
  const expressions = new Map(parts.flatMap((p) => p.columns));
  const columns = enrichmentColumns(config).map(
    (name) => `${expressions.get(name) ?? 'NULL'} AS ${escapeIdentifier(name)}`,
  );
  return `SELECT ${[`${s.main}.*`, ...columns].join(', ')} FROM ${worktableRef(input.table)} ${s.main} ${parts.map((p) => p.join).join(' ')}`;
}
