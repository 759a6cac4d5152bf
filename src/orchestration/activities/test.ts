// Test: the first branch whose conditions all hold (on the population's count and the run's
// variables) takes the population; else the default branch, if there is one. The branches not
// taken are skipped with everything that only they lead to.
import { assertNever } from '../../platform/assert.ts';
import type { TestCondition } from '../model.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { outputPorts } from '../ports.ts';
import { passedOn } from './flow.ts';

type Comparison = Exclude<Extract<TestCondition, { kind: 'variable' }>['comparison'], 'exists'>;

function compare(left: number | string, comparison: Comparison, right: number | string): boolean {
  switch (comparison) {
    case 'eq':
      return left === right;
    case 'neq':
      return left !== right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
    default:
      return assertNever(comparison);
  }
}

/** Variables arrive as JSON (a signal's body): "5" compares as 5 against a number. */
function holds(condition: TestCondition, count: number, variables: Record<string, unknown>) {
  switch (condition.kind) {
    case 'count':
      return compare(count, condition.comparison, condition.value);
    case 'variable': {
      const value = variables[condition.name];
      if (condition.comparison === 'exists') return value !== undefined && value !== null;
      if (value === undefined || value === null || condition.value === undefined) return false;
      if (typeof condition.value === 'number') {
        const n = typeof value === 'number' ? value : Number(value);
        return typeof value !== 'boolean' && value !== '' && Number.isFinite(n)
          ? compare(n, condition.comparison, condition.value)
          : false;
      }
      const text =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
      return compare(text, condition.comparison, String(condition.value));
    }
    default:
      return assertNever(condition);
  }
}

export function runTest(context: ActivityContext<'test'>): Promise<ActivityOutcome> {
  const input = passedOn(context);
  const count = input?.count ?? 0;
  const { branches, defaultBranch } = context.activity.config;
  const chosen =
    branches.find((b) => b.conditions.every((c) => holds(c, count, context.variables)))?.key ??
    (defaultBranch ? 'default' : undefined);
  context.log(
    chosen
      ? `Count ${count}: branch ${chosen} taken`
      : `Count ${count}: no branch holds and there is no default branch`,
  );
  const ports = outputPorts(context.activity).map((p) => p.key);
  return Promise.resolve({
    kind: 'branch',
    outputs: chosen ? { [chosen]: input } : {},
    skipped: ports.filter((p) => p !== chosen),
  });
}
