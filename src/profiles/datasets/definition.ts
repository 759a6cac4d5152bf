// Pure rules over dataset definitions: what makes one valid, and what a change may do.
// Both return every violation with its path, so the console and the API report the same list.
import type { FieldError } from '../../platform/errors.ts';
import type { ColumnDefinition, ColumnType, DatasetDefinition, Link } from './model.ts';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export interface LinkTarget {
  primaryKey: string[];
  columns: ColumnDefinition[];
}

/** Violations of a definition; `namespaces` and `targets` describe what exists in the sandbox. */
export function definitionViolations(
  definition: DatasetDefinition,
  context: { namespaces: Set<string>; target?: LinkTarget | undefined },
): FieldError[] {
  const violations: FieldError[] = [];
  const byName = new Map<string, ColumnDefinition>();
  definition.columns.forEach((column, index) => {
    if (!IDENTIFIER.test(column.name))
      violations.push({
        path: `/columns/${index}/name`,
        message: 'must be lower-case letters, digits and underscores',
      });
    if (byName.has(column.name))
      violations.push({
        path: `/columns/${index}/name`,
        message: `"${column.name}" appears twice`,
      });
    byName.set(column.name, column);
  });
  const seenKey = new Set<string>();
  definition.primaryKey.forEach((name, index) => {
    if (!byName.has(name))
      violations.push({ path: `/primaryKey/${index}`, message: `"${name}" is not a column` });
    if (seenKey.has(name))
      violations.push({ path: `/primaryKey/${index}`, message: `"${name}" appears twice` });
    seenKey.add(name);
  });
  const link = definition.link;
  if (link) violations.push(...linkViolations(link, byName, context));
  return violations;
}

function linkViolations(
  link: Link,
  byName: Map<string, ColumnDefinition>,
  context: { namespaces: Set<string>; target?: LinkTarget | undefined },
): FieldError[] {
  const violations: FieldError[] = [];
  switch (link.kind) {
    case 'profile': {
      const column = byName.get(link.column);
      if (!column)
        violations.push({ path: '/link/column', message: `"${link.column}" is not a column` });
      else if (column.type !== 'string')
        violations.push({ path: '/link/column', message: 'must be a string column' });
      if (link.by !== 'profileId' && !context.namespaces.has(link.by))
        violations.push({
          path: '/link/by',
          message: `"${link.by}" is neither profileId nor an identity namespace of this sandbox`,
        });
      return violations;
    }
    case 'dataset': {
      const target = context.target;
      if (!target)
        return [{ path: '/link/dataset', message: `no dataset named "${link.dataset}"` }];
      if (link.columns.length !== target.primaryKey.length) {
        violations.push({
          path: '/link/columns',
          message: `must name ${target.primaryKey.length} column(s), matching the primary key of ${link.dataset} (${target.primaryKey.join(', ')})`,
        });
        return violations;
      }
      link.columns.forEach((name, index) => {
        const column = byName.get(name);
        const targetColumn = target.columns.find((c) => c.name === target.primaryKey[index]);
        if (!column)
          violations.push({ path: `/link/columns/${index}`, message: `"${name}" is not a column` });
        else if (targetColumn && column.type !== targetColumn.type)
          violations.push({
            path: `/link/columns/${index}`,
            message: `is ${column.type} but ${link.dataset}.${targetColumn.name} is ${targetColumn.type}`,
          });
      });
      return violations;
    }
  }
}

/** What a redefinition may not do: drop or retype columns, add required ones, change the key or the link. */
export function destructiveChanges(
  current: DatasetDefinition,
  next: DatasetDefinition,
): FieldError[] {
  const problems: FieldError[] = [];
  const nextByName = new Map(next.columns.map((c) => [c.name, c]));
  for (const column of current.columns) {
    const kept = nextByName.get(column.name);
    if (!kept)
      problems.push({ path: '/columns', message: `column "${column.name}" would be removed` });
    else if (kept.type !== column.type)
      problems.push({
        path: '/columns',
        message: `column "${column.name}" would change from ${column.type} to ${kept.type}`,
      });
    else if ((kept.nullable ?? true) !== (column.nullable ?? true))
      problems.push({
        path: '/columns',
        message: `column "${column.name}" would change whether it may be empty`,
      });
  }
  const currentNames = new Set(current.columns.map((c) => c.name));
  next.columns.forEach((column, index) => {
    if (!currentNames.has(column.name) && column.nullable === false)
      problems.push({
        path: `/columns/${index}/nullable`,
        message: `new column "${column.name}" must be nullable`,
      });
  });
  if (current.primaryKey.join(',') !== next.primaryKey.join(','))
    problems.push({ path: '/primaryKey', message: 'the primary key cannot change' });
  if (current.link && canonicalJson(current.link) !== canonicalJson(next.link ?? null))
    problems.push({ path: '/link', message: 'the link cannot change once set' });
  return problems;
}

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export const POSTGRES_TYPES: Record<ColumnType, string> = {
  string: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
};

/** Primary-key columns are never nullable. */
export function normalizeDefinition(definition: DatasetDefinition): DatasetDefinition {
  const key = new Set(definition.primaryKey);
  return {
    ...definition,
    description: definition.description ?? '',
    link: definition.link ?? null,
    columns: definition.columns.map((c) => ({
      ...c,
      nullable: key.has(c.name) ? false : (c.nullable ?? true),
    })),
  };
}
