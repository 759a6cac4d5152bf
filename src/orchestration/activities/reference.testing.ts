// A reference evaluator of Combine, Deduplication and Split over rows in memory, written from
// their documented meaning, for the property test that compares it with the SQL activities.
// Rows have an integer key `id` and nullable columns `a` (integer) and `b` (text).
import { createHash } from 'node:crypto';
import type { FieldFilter } from '../../audiences/model.ts';
import type { ActivityConfig } from '../model.ts';

export interface Row {
  id: number;
  a?: number | null;
  b?: string | null;
}
export type Column = 'a' | 'b';
export interface Population {
  from: string;
  columns: Column[];
  rows: Row[];
}
export type Ports = Record<string, Row[]>;

export class ReferenceFailure extends Error {}

const byId = (x: Row, y: Row) => x.id - y.id;

/** The random rank of a row, as the activities draw it (md5 of seed and keys, byte order). */
export function randomRank(seed: string, id: number): string {
  return createHash('md5').update(`${seed}:${id}`).digest('hex');
}

function project(row: Row, columns: Column[]): Row {
  const out: Row = { id: row.id };
  for (const c of columns) Object.assign(out, { [c]: row[c] ?? null });
  return out;
}

export function referenceCombine(inputs: Population[], config: ActivityConfig<'combine'>): Ports {
  const kept = config.columns === 'keys' ? [] : (config.columns as Column[]);
  let primary = 0;
  if (config.operation === 'exclusion' && config.primary !== undefined) {
    primary = inputs.findIndex((p) => p.from === config.primary);
    if (primary < 0) throw new ReferenceFailure('no primary');
  }
  const order =
    config.operation === 'exclusion'
      ? [primary, ...inputs.map((_, i) => i).filter((i) => i !== primary)]
      : inputs.map((_, i) => i);
  const has = (i: number, id: number) => inputs[i]!.rows.find((r) => r.id === id);
  const ids = [...new Set(inputs.flatMap((p) => p.rows.map((r) => r.id)))].sort((x, y) => x - y);
  const member = (id: number) => {
    switch (config.operation) {
      case 'union':
        return true;
      case 'intersection':
        return inputs.every((_, i) => has(i, id));
      case 'exclusion':
        return inputs.every((_, i) => (i === primary ? has(i, id) : !has(i, id)));
    }
  };
  const value = (id: number, column: Column, candidates: number[]) => {
    const sources = candidates.filter((i) => inputs[i]!.columns.includes(column));
    if (sources.length === 0) throw new ReferenceFailure(`no source for ${column}`);
    for (const i of sources) {
      const row = has(i, id);
      if (row) return row[column] ?? null;
    }
    return null;
  };
  const rowOf = (id: number, candidates: number[]) => {
    const row: Row = { id };
    for (const c of kept) Object.assign(row, { [c]: value(id, c, candidates) });
    return row;
  };
  const outCandidates = config.operation === 'exclusion' ? [primary] : order;
  // Failures do not depend on rows: check every kept column once.
  for (const c of kept)
    if (!outCandidates.some((i) => inputs[i]!.columns.includes(c))) value(0, c, outCandidates);
  const ports: Ports = { out: ids.filter(member).map((id) => rowOf(id, outCandidates)) };
  if (config.complement)
    ports.complement = ids.filter((id) => !member(id)).map((id) => rowOf(id, order));
  return ports;
}

/** Compares rows by a list of sort keys (each -1/0/1), then by id. */
function sortBy(rows: Row[], keys: ((row: Row) => number | string)[], directions: number[]) {
  return [...rows].sort((x, y) => {
    for (const [i, key] of keys.entries()) {
      const kx = key(x);
      const ky = key(y);
      if (kx !== ky) return (kx < ky ? -1 : 1) * directions[i]!;
    }
    return x.id - y.id;
  });
}

/** A sort key that puts NULL last in either direction. */
function nullsLast(value: number | null | undefined, direction: number): number {
  return value === null || value === undefined ? direction * Infinity : value;
}

export function referenceDeduplication(
  input: Population,
  config: ActivityConfig<'deduplication'>,
  seed: string,
): Ports {
  const groups = new Map<string, Row[]>();
  for (const row of input.rows) {
    const key = JSON.stringify(config.columns.map((c) => row[c as Column] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const method = config.method;
  const ordered = (rows: Row[]): Row[] => {
    switch (method.kind) {
      case 'random':
        return sortBy(rows, [(r) => randomRank(seed, r.id)], [1]);
      case 'expression': {
        const d = method.keep === 'highest' ? -1 : 1;
        return sortBy(
          rows,
          [(r) => nullsLast(r[method.column as Column] as number | null, d)],
          [d],
        );
      }
      case 'nonEmpty':
        return sortBy(rows, [(r) => (isEmpty(r[method.column as Column]) ? 1 : 0)], [1]);
      case 'priority': {
        const values = method.values.map(String);
        return sortBy(
          rows,
          [
            (r) => {
              const v = r[method.column as Column];
              const at = v === null || v === undefined ? -1 : values.indexOf(String(v));
              return at < 0 ? Infinity : at;
            },
          ],
          [1],
        );
      }
    }
  };
  const out: Row[] = [];
  const duplicates: Row[] = [];
  for (const rows of groups.values()) {
    const sorted = ordered(rows);
    out.push(...sorted.slice(0, config.keep));
    duplicates.push(...sorted.slice(config.keep));
  }
  const all = (rows: Row[]) => rows.map((r) => project(r, input.columns)).sort(byId);
  return { out: all(out), ...(config.duplicatesOutput ? { duplicates: all(duplicates) } : {}) };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function matches(row: Row, filter: FieldFilter): boolean {
  const value = row[filter.field as Column] ?? null;
  switch (filter.operator) {
    case 'equals':
      return value !== null && String(value) === String(filter.value);
    case 'gte':
      return value !== null && Number(value) >= Number(filter.value);
    case 'lt':
      return value !== null && Number(value) < Number(filter.value);
    case 'isEmpty':
      return isEmpty(value);
    case 'isNotEmpty':
      return !isEmpty(value);
    default:
      throw new Error(`the reference does not know ${filter.operator}`);
  }
}

export function referenceSplit(
  input: Population,
  config: ActivityConfig<'split'>,
  seed: string,
): { ports: Ports; skipped: string[] } {
  const subsetMatches = config.subsets.map((s) =>
    input.rows.filter((row) => (s.filter?.where ?? []).every((f) => matches(row, f))),
  );
  const ports: Ports = {};
  const skipped: string[] = [];
  const inAny = new Set<number>();
  config.subsets.forEach((subset, i) => {
    // Without overlap a row is a candidate of the first subset it matches only.
    const candidates = subsetMatches[i]!.filter((row) => {
      if (config.overlap) return true;
      return !subsetMatches.slice(0, i).some((earlier) => earlier.includes(row));
    });
    const limit = subset.limit;
    let chosen = candidates;
    if (limit && (limit.count !== undefined || limit.percent !== undefined)) {
      const orderBy = limit.orderBy;
      const sorted = orderBy
        ? sortBy(
            candidates,
            [
              (r) =>
                nullsLast(
                  r[orderBy.column as Column] as number | null,
                  orderBy.direction === 'desc' ? -1 : 1,
                ),
            ],
            [orderBy.direction === 'desc' ? -1 : 1],
          )
        : sortBy(candidates, [(r) => randomRank(seed, r.id)], [1]);
      const caps = [
        ...(limit.count !== undefined ? [limit.count] : []),
        ...(limit.percent !== undefined
          ? [Math.floor((candidates.length * limit.percent) / 100)]
          : []),
      ];
      chosen = sorted.slice(0, Math.min(...caps));
    }
    for (const row of chosen) inAny.add(row.id);
    ports[subset.key] = chosen.map((r) => project(r, input.columns)).sort(byId);
    if (subset.skipEmpty && chosen.length === 0) skipped.push(subset.key);
  });
  if (config.complement)
    ports.complement = input.rows
      .filter((r) => !inAny.has(r.id))
      .map((r) => project(r, input.columns))
      .sort(byId);
  return { ports, skipped };
}
