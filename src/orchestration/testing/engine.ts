// The engine's deps for tests, with the campaign service's hooks, at the test app's clock.
import type { TestApp } from '../../http/testing.ts';
import type { EngineDeps } from '../engine/index.ts';
import { orchestrationHooks } from '../hooks.ts';

export function engineDepsForTest(t: TestApp): EngineDeps {
  return { pool: t.database.pool, jobs: t.jobs, clock: t.clock, hooks: orchestrationHooks };
}
