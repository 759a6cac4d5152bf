// Governance of an orchestrated send (SPEC O4 with G2 and G3): the channel activity's business
// rule set and quiet hours become the pipeline's frequency caps and quiet-hour timing, exactly as
// a scheduled campaign's controls do. Marketing only: transactional messages are never capped or
// held back. A live send never goes out without the controls it names: a rule set or quiet hours
// that is gone or not active fails the activity (publishing and deactivation guard against both).
import type pg from 'pg';
import type { Db } from '../../db/connection.ts';
import type { FrequencyCap, TimingPlan } from '../../delivery/model.ts';
import { getBusinessRuleSet } from '../../governance/business-rules.ts';
import { governanceDb } from '../../governance/db.ts';
import { frequencyCapsOf, quietHoursPlan } from '../../governance/plans.ts';
import { getQuietHours } from '../../governance/quiet-hours.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActivityConfig } from '../model.ts';

export interface SendControls {
  frequencyCaps?: FrequencyCap[] | undefined;
  timing?: TimingPlan | undefined;
  /** What applies, for the task's log (empty when nothing does). */
  described: string[];
}

type ControlledConfig = Pick<
  ActivityConfig<'email' | 'sms' | 'push'>,
  'category' | 'businessRuleSetId' | 'quietHoursId'
>;

function failed(message: string): never {
  throw new AppError('ACTIVITY_FAILED', message);
}

async function loadActive<T extends { name: string; status: string }>(
  load: () => Promise<T>,
  noun: string,
  id: string,
): Promise<T> {
  let object: T;
  try {
    object = await load();
  } catch (error) {
    if (error instanceof AppError && error.status === 404)
      failed(`The ${noun} ${id} no longer exists: nothing planned.`);
    throw error;
  }
  if (object.status !== 'active')
    failed(`The ${noun} "${object.name}" is ${object.status}, not active: nothing planned.`);
  return object;
}

/**
 * The zone of the run's scheduler: quiet hours in each profile's own zone time profiles without
 * one in it, as a scheduled campaign's zone does (UTC when the workflow has no scheduler).
 */
export async function runZone(
  client: pg.ClientBase,
  sandboxId: string,
  runId: string,
): Promise<string> {
  const found = await client.query<{ zone: string | null }>(
    `SELECT a.value -> 'config' ->> 'zone' AS zone
       FROM orchestrated_runs r
      CROSS JOIN LATERAL jsonb_array_elements(r.definition -> 'activities') WITH ORDINALITY a
      WHERE r.sandbox_id = $1 AND r.id = $2 AND a.value ->> 'kind' = 'scheduler'
      ORDER BY a.ordinality LIMIT 1`,
    [sandboxId, runId],
  );
  return found.rows[0]?.zone ?? 'UTC';
}

/** The caps and quiet hours a live send of this activity is planned with. */
export async function sendControlsOf(
  db: Db,
  sandboxId: string,
  config: ControlledConfig,
  options: { now: Date; defaultZone: () => Promise<string> },
): Promise<SendControls> {
  if (config.category !== 'marketing') return { described: [] };
  const gov = governanceDb(db);
  const described: string[] = [];
  const controls: SendControls = { described };
  const { businessRuleSetId, quietHoursId } = config;
  if (businessRuleSetId) {
    const ruleSet = await loadActive(
      () => getBusinessRuleSet(gov, sandboxId, businessRuleSetId),
      'business rule set',
      businessRuleSetId,
    );
    const caps = frequencyCapsOf(ruleSet, options.now);
    if (caps.length) controls.frequencyCaps = caps;
    described.push(`business rules "${ruleSet.name}" (${caps.length} caps)`);
  }
  if (quietHoursId) {
    const quiet = await loadActive(
      () => getQuietHours(gov, sandboxId, quietHoursId),
      'quiet hours',
      quietHoursId,
    );
    controls.timing = {
      defaultZone: await options.defaultZone(),
      quietHours: quietHoursPlan(quiet),
    };
    described.push(`quiet hours "${quiet.name}" (${quiet.behaviour})`);
  }
  return controls;
}

/** A problem with the controls a channel activity names, at a path below the activity. */
export interface ControlProblem {
  path: string;
  message: string;
}

/**
 * What keeps a channel activity's controls from applying (checked when the workflow is validated,
 * so before publishing): controls on transactional messages, and a business rule set or quiet
 * hours that this sandbox does not have or that is not active.
 */
export async function controlProblems(
  db: Db,
  sandboxId: string,
  activityId: string,
  config: ControlledConfig,
): Promise<ControlProblem[]> {
  const { businessRuleSetId, quietHoursId } = config;
  if (!businessRuleSetId && !quietHoursId) return [];
  if (config.category !== 'marketing')
    return [
      {
        path: businessRuleSetId ? '/config/businessRuleSetId' : '/config/quietHoursId',
        message: `Business rules and quiet hours apply to marketing messages only, and "${activityId}" sends transactional ones.`,
      },
    ];
  const gov = governanceDb(db);
  const problems: ControlProblem[] = [];
  const check = async (
    id: string | undefined,
    path: string,
    noun: string,
    load: (id: string) => Promise<{ name: string; status: string }>,
  ) => {
    if (!id) return;
    try {
      const object = await load(id);
      if (object.status !== 'active')
        problems.push({
          path,
          message: `"${activityId}" uses the ${noun} "${object.name}", which is ${object.status}: activate it or choose another.`,
        });
    } catch (error) {
      if (!(error instanceof AppError && error.status === 404)) throw error;
      problems.push({
        path,
        message: `"${activityId}" uses the ${noun} ${id}, which this sandbox does not have.`,
      });
    }
  };
  await check(businessRuleSetId, '/config/businessRuleSetId', 'business rule set', (id) =>
    getBusinessRuleSet(gov, sandboxId, id),
  );
  await check(quietHoursId, '/config/quietHoursId', 'quiet hours', (id) =>
    getQuietHours(gov, sandboxId, id),
  );
  return problems;
}
