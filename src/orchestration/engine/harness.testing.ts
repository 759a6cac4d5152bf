// A test database with the engine's dependencies on a test clock (no HTTP app: the engine is
// below it), and short ways to start a run, drain its jobs inline and read its tasks.
import pino from 'pino';
import { createTestDatabase } from '../../db/testing/database.ts';
import { TestClock } from '../../http/testing.ts';
import { openJobQueue } from '../../jobs/queue.ts';
import { bootstrapPlatform } from '../../platform/bootstrap.ts';
import { platformDb } from '../../platform/context.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';
import type { WorkflowDefinition } from '../model.ts';
import type { EngineDeps, EngineHooks } from './deps.ts';
import { insertCampaign, withFakes, type Fake } from './fixtures.testing.ts';
import { listTasks, startRun } from './index.ts';
import { drainOrchestratedJobs } from './testing.ts';

export type RunKey = { sandboxId: string; runId: string };

export async function openEngineTest() {
  const clock = new TestClock(new Date('2026-11-27T09:00:00Z'));
  const database = await createTestDatabase();
  const jobs = await openJobQueue(database.pool, pino({ level: 'silent' }));
  const db = platformDb(database.db);
  await bootstrapPlatform(db, clock, {
    email: 'admin@example.test',
    password: 'correct horse battery',
  });
  const sandboxId = (await findSandboxByName(db, 'prod'))!.id;
  const deps: EngineDeps = { pool: database.pool, jobs, clock };
  const t = { database, jobs, db };

  async function launch(
    definition: WorkflowDefinition,
    options: {
      policy?: object;
      mode?: 'test' | 'live';
      campaignId?: string;
      variables?: Record<string, unknown>;
    } = {},
  ) {
    const campaignId =
      options.campaignId ??
      (await insertCampaign(t.database.pool, sandboxId, definition, options.policy));
    const started = await startRun(deps, {
      sandboxId,
      campaignId,
      mode: options.mode ?? 'live',
      trigger: 'manual',
      definition,
      variables: options.variables ?? {},
      actorLabel: 'tester',
      oneShot: true,
    });
    return { campaignId, key: { sandboxId, runId: started.runId }, runNo: started.runNo };
  }

  const drain = (fakes: Record<string, Fake>, hooks?: EngineHooks) =>
    drainOrchestratedJobs({ ...deps, hooks }, { sandboxId, execute: withFakes(fakes) });

  async function tasksOf(key: RunKey) {
    const tasks = await listTasks(deps, key);
    return Object.fromEntries(tasks.map((task) => [task.activityId, task]));
  }

  async function statuses(key: RunKey) {
    const tasks = await listTasks(deps, key);
    return Object.fromEntries(tasks.map((task) => [task.activityId, task.status]));
  }

  async function close() {
    await jobs.close();
    await database.drop();
  }

  return { t, clock, deps, sandboxId, launch, drain, tasksOf, statuses, close };
}
