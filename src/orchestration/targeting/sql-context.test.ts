import { describe, expect, it } from 'vitest';
import { compileRule } from '../../audiences/compiler.ts';
import type { RuleNode } from '../../audiences/model.ts';
import { embedQuery, newSqlContext } from './sql-context.ts';

const catalog = { datasets: new Map(), audiences: new Map() };
const tier = (value: string): RuleNode => ({
  kind: 'attribute',
  path: 'loyalty.tier',
  type: 'string',
  operator: 'equals',
  value,
});
const compiled = (root: RuleNode) =>
  compileRule({ version: 1, root }, { sandboxId: 'sb', now: new Date(0), catalog });

describe('embedQuery', () => {
  it('renumbers several rules into one statement, sharing the sandbox', () => {
    const ctx = newSqlContext('sb', new Date(0), catalog);
    const before = ctx.params.add(42);
    const gold = embedQuery(compiled(tier('gold')), ctx);
    const silver = embedQuery(compiled(tier('silver')), ctx);
    expect(before).toBe('$1');
    expect(gold).toContain('p.sandbox_id = $2');
    expect(gold).toContain('= $3::text');
    expect(silver).toContain('p.sandbox_id = $2');
    expect(silver).toContain('= $4::text');
    expect(ctx.params.values).toEqual([42, 'sb', 'gold', 'silver']);
  });

  it('binds the sandbox only when a statement reads it', () => {
    const ctx = newSqlContext('sb', new Date(0), catalog);
    expect(ctx.params.values).toEqual([]);
    expect(ctx.sandbox()).toBe('$1');
    expect(ctx.sandbox()).toBe('$1');
    expect(ctx.params.values).toEqual(['sb']);
  });

  it('refuses a query compiled for another sandbox', () => {
    const ctx = newSqlContext('other', new Date(0), catalog);
    expect(() => embedQuery(compiled(tier('gold')), ctx)).toThrow('bind the sandbox first');
  });
});
