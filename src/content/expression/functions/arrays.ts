// Array, list and aggregation functions of AJO's library.
import { getOwn } from '../properties.ts';
import { compareValues, toNumber, valuesEqual } from '../values.ts';
import { integer, list } from './arguments.ts';
import { define, type FunctionTable } from './library-function.ts';

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

function contains(items: readonly unknown[], value: unknown): boolean {
  return items.some((item) => valuesEqual(item, value));
}

function distinctValues(items: readonly unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const result: unknown[] = [];
  for (const item of items) {
    // Primitives by value through the Set; lists and dates by valuesEqual.
    if (item !== null && typeof item === 'object') {
      if (!contains(result, item)) result.push(item);
    } else if (!seen.has(item ?? null)) {
      seen.add(item ?? null);
      result.push(item ?? null);
    }
  }
  return result;
}

/** The numbers of a list, missing and non-numeric items left out (as aggregates do). */
function numbers(value: unknown): number[] {
  const result: number[] = [];
  for (const item of list(value) ?? []) {
    const number = toNumber(item);
    if (number !== undefined) result.push(number);
  }
  return result;
}

function aggregate(reduce: (values: number[]) => number) {
  return define(1, 1, ([value]) => {
    const values = numbers(value);
    return values.length === 0 ? null : reduce(values);
  });
}

function readPath(item: unknown, path: unknown): unknown {
  if (!Array.isArray(path)) return undefined;
  let value = item;
  for (const key of path as string[]) value = getOwn(value, key);
  return value;
}

/** topN / bottomN: sort by the property at `path` (missing values last) and keep `amount` items. */
function sortedBy(descending: boolean) {
  return define(
    3,
    3,
    ([value, path, amount]) => {
      const items = list(value);
      const count = integer(amount);
      if (items === undefined || count === undefined) return null;
      const keyed = items.map((item) => ({ item, key: readPath(item, path) }));
      keyed.sort((a, b) => {
        if (isMissing(a.key) || isMissing(b.key))
          return Number(isMissing(a.key)) - Number(isMissing(b.key));
        const order = compareValues(a.key, b.key);
        return Number.isNaN(order) ? 0 : descending ? -order : order;
      });
      return keyed.slice(0, Math.max(0, count)).map((entry) => entry.item);
    },
    [1],
  );
}

export const ARRAY_FUNCTIONS: FunctionTable = {
  // count leaves missing items out, like countWithNull's counterpart in AJO's library.
  count: define(1, 1, ([value]) => (list(value) ?? []).filter((item) => !isMissing(item)).length),
  countWithNull: define(1, 1, ([value]) => (list(value) ?? []).length),
  countOnlyNull: define(1, 1, ([value]) => (list(value) ?? []).filter(isMissing).length),
  distinct: define(1, 1, ([value]) => {
    const items = list(value);
    return items === undefined ? null : distinctValues(items);
  }),
  distinctCountWithNull: define(1, 1, ([value]) => distinctValues(list(value) ?? []).length),
  head: define(1, 1, ([value]) => list(value)?.[0] ?? null),
  topN: sortedBy(true),
  bottomN: sortedBy(false),
  in: define(2, 2, ([value, values]) => contains(list(values) ?? [], value)),
  notIn: define(2, 2, ([value, values]) => {
    const items = list(values);
    return !isMissing(value) && items !== undefined && !contains(items, value);
  }),
  includes: define(2, 2, ([values, value]) => contains(list(values) ?? [], value)),
  intersects: define(2, 2, ([a, b]) => {
    const right = list(b) ?? [];
    return (list(a) ?? []).some((item) => contains(right, item));
  }),
  subsetOf: define(2, 2, ([a, b]) => {
    const right = list(b) ?? [];
    return (list(a) ?? []).every((item) => contains(right, item));
  }),
  supersetOf: define(2, 2, ([a, b]) => {
    const left = list(a) ?? [];
    return (list(b) ?? []).every((item) => contains(left, item));
  }),
  sum: aggregate((values) => values.reduce((total, value) => total + value, 0)),
  average: aggregate((values) => values.reduce((total, value) => total + value, 0) / values.length),
  min: aggregate((values) => values.reduce((a, b) => Math.min(a, b))),
  max: aggregate((values) => values.reduce((a, b) => Math.max(a, b))),
};
