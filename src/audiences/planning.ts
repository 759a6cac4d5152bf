// How PostgreSQL should join when a rule selects a large share of a sandbox. It keeps no
// statistics for JSON attribute paths and guesses 0.5 % of rows per value, so for
// `loyalty.tier IN (gold, silver)` over a million profiles it expects 10,000 candidates and probes
// events or dataset rows once per candidate by index: right for a few thousand, several times
// slower than one hash join for the half a million there really are. A 1 % sample of the
// sandbox's profiles measures the attribute conditions' share; when it is large and the planner's
// own estimate is far below it (no expression index or statistics on the path), the statement is
// planned without nested loops.
import type pg from 'pg';
import type { CompiledQuery } from './compiler.ts';

/** Below this many profiles in the sandbox, index probes are cheap whatever the share. */
export const SAMPLED_SANDBOX_MIN = 50_000;
/**
 * From this share of profiles on, hashing the joined rows once beats probing them per candidate:
 * measured at 1M profiles, a probe pair costs about 7 µs and a hash join about 0.6 µs per profile.
 */
export const HASH_JOIN_SHARE = 0.05;

/** The planner's estimate counts as right from this fraction of the sampled count on. */
const TRUSTED_ESTIMATE = 0.25;

export interface JoinPlan {
  strategy: 'planner' | 'hash';
  /** Estimated from the sample; null when nothing was sampled. */
  sandboxProfiles: number | null;
  share: number | null;
  /** The planner's estimate of the profiles meeting the attribute conditions, when asked. */
  plannerRows?: number;
}

/** Samples the attribute filter and, for a large share, turns nested loops off for the transaction. */
export async function planJoins(
  client: pg.ClientBase,
  attributeFilter: CompiledQuery | undefined,
): Promise<JoinPlan> {
  if (!attributeFilter) return { strategy: 'planner', sandboxProfiles: null, share: null };
  const sample = await client.query<{ seen: number; hits: number }>(
    `SELECT count(*)::int AS seen, count(*) FILTER (WHERE ${attributeFilter.sql})::int AS hits
       FROM profiles p TABLESAMPLE SYSTEM (1) REPEATABLE (17) WHERE p.sandbox_id = $1`,
    attributeFilter.params,
  );
  const { seen, hits } = sample.rows[0] ?? { seen: 0, hits: 0 };
  const sandboxProfiles = seen * 100;
  const share = seen > 0 ? hits / seen : null;
  if (sandboxProfiles < SAMPLED_SANDBOX_MIN || share === null || share < HASH_JOIN_SHARE)
    return { strategy: 'planner', sandboxProfiles, share };
  const explained = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM profiles p WHERE p.sandbox_id = $1 AND ${attributeFilter.sql}`,
    attributeFilter.params,
  );
  const plannerRows = explained.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
  if (plannerRows >= share * sandboxProfiles * TRUSTED_ESTIMATE)
    return { strategy: 'planner', sandboxProfiles, share, plannerRows };
  await client.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  return { strategy: 'hash', sandboxProfiles, share, plannerRows };
}

/** Gives the planner its nested loops back for the rest of the transaction. */
export async function restoreJoins(client: pg.ClientBase, plan: JoinPlan): Promise<void> {
  if (plan.strategy === 'hash') await client.query(`RESET enable_nestloop`);
}

/** One line for logs: what was measured and chosen. */
export function describeJoinPlan(plan: JoinPlan): string | undefined {
  if (plan.share === null || plan.sandboxProfiles === null) return undefined;
  const percent = (plan.share * 100).toFixed(1);
  const about = plan.sandboxProfiles.toLocaleString('en-US');
  const expected =
    plan.plannerRows === undefined
      ? ''
      : `, PostgreSQL expected ${Math.round(plan.plannerRows).toLocaleString('en-US')}`;
  return `About ${percent} % of ~${about} profiles meet the attribute conditions (1 % sample${expected}): ${
    plan.strategy === 'hash' ? 'joined by hash' : "planner's joins"
  }`;
}
