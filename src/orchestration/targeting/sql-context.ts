// The state of one statement being written: its bound values (the sandbox's bound once, when
// first used: PostgreSQL refuses a parameter that the statement never reads), the instant date
// presets are anchored to, what the catalog holds, and fresh table aliases.
import { escapeIdentifier } from 'pg';
import { readableSql, type Catalog, type CompiledQuery } from '../../audiences/compiler.ts';
import { Params } from '../../audiences/predicates.ts';

export interface SqlContext {
  params: Params;
  sandboxId: string;
  now: Date;
  catalog: Catalog;
  /** The placeholder of the sandbox id. */
  sandbox(): string;
  /** A table alias not used yet in this statement (`t1`, `t2` …, after the prefix). */
  alias(prefix: string): string;
}

export function newSqlContext(sandboxId: string, now: Date, catalog: Catalog): SqlContext {
  const params = new Params();
  let sandbox: string | undefined;
  let next = 0;
  return {
    params,
    sandboxId,
    now,
    catalog,
    sandbox: () => (sandbox ??= params.add(sandboxId)),
    alias: (prefix) => `${prefix}${++next}`,
  };
}

/**
 * A query compiled on its own (an audience rule: `$1` the sandbox, then its values), rewritten
 * into this statement's numbering so that several can share one statement.
 */
export function embedQuery(query: CompiledQuery, ctx: SqlContext): string {
  if (query.params[0] !== ctx.sandboxId)
    throw new Error('an embedded query must bind the sandbox first');
  const renumbered = new Map<number, string>([[1, ctx.sandbox()]]);
  return query.sql.replace(/\$(\d+)/g, (_match, digits: string) => {
    const index = Number(digits);
    let placeholder = renumbered.get(index);
    if (!placeholder) {
      placeholder = ctx.params.add(query.params[index - 1]);
      renumbered.set(index, placeholder);
    }
    return placeholder;
  });
}

/** `alias."column"`: a quoted column of a table alias of this statement. */
export function qualified(alias: string, column: string): string {
  return `${alias}.${escapeIdentifier(column)}`;
}

/** The statement with its values written in, for the task log. */
export function readable(select: string, ctx: SqlContext): string {
  return readableSql({ sql: select, params: ctx.params.values });
}
