// Launching published campaigns: finishing a publication (status per Scheduler, the replaced
// version closed), starting the live run of a due launch, completing campaigns with nothing left
// to launch. The engine's every-minute tick calls `launchDueCampaigns` (see hooks.ts).
import { sql } from 'kysely';
import { AppError } from '../platform/errors.ts';
import { systemCall, transitionCall } from './call.ts';
import type { EngineDeps } from './engine/index.ts';
import { startRun } from './engine/index.ts';
import { transitionOrchestrated } from './lifecycle.ts';
import { isOneShot, launchAfter, schedulerOf } from './schedule.ts';
import { definitionOf, getCampaignRow } from './store.ts';

/** A campaign publishing for longer than this was left by a stopped process: finish it. */
const PUBLISHING_GRACE_MS = 60_000;

/**
 * Publishing → live or scheduled: a signal waits for its trigger; as soon as possible and once
 * launch at their time; recurring ones are scheduled at their next launch. The version it
 * replaces is closed. Then launches at once when due.
 */
export async function finishPublishing(
  engine: EngineDeps,
  key: { sandboxId: string; campaignId: string },
): Promise<void> {
  const call = systemCall(engine, key.sandboxId);
  const now = engine.clock.now();
  await call.db.transaction().execute(async (tx) => {
    const row = await getCampaignRow(tx, key.sandboxId, key.campaignId, { forUpdate: true });
    if (row.status !== 'publishing') return;
    if (row.replaces_id) {
      const old = await getCampaignRow(tx, key.sandboxId, row.replaces_id, { forUpdate: true });
      if (['live', 'scheduled', 'completed', 'stopped'].includes(old.status))
        await transitionOrchestrated(tx, transitionCall(call, now), old, 'replace', {
          details: { by: row.id, version: row.version },
        });
    }
    const schedule = schedulerOf(definitionOf(row));
    const next = schedule ? launchAfter(schedule, now) : now;
    const once = schedule?.frequency === 'once' && schedule.at;
    await transitionOrchestrated(
      tx,
      transitionCall(call, now),
      row,
      isOneShot(schedule) ? 'goLive' : 'schedule',
      {
        // A date already past launches now.
        changes: { next_launch_at: next ?? (once && new Date(once) <= now ? now : null) },
        details: { frequency: schedule?.frequency ?? 'asap' },
      },
    );
  });
  await launchCampaign(engine, key);
}

/**
 * Starts the live run of a due launch and moves the campaign to its following launch. One
 * process at a time per campaign (an advisory lock); a run started for this launch by a process
 * that stopped before moving on is not started twice.
 */
export async function launchCampaign(
  engine: EngineDeps,
  key: { sandboxId: string; campaignId: string },
): Promise<boolean> {
  const client = await engine.pool.connect();
  try {
    const lock = await client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext('orchestrated-launch'), hashtext($1)) AS ok`,
      [key.campaignId],
    );
    if (!lock.rows[0]?.ok) return false;
    try {
      return await launchLocked(engine, key);
    } finally {
      await client.query(
        `SELECT pg_advisory_unlock(hashtext('orchestrated-launch'), hashtext($1))`,
        [key.campaignId],
      );
    }
  } finally {
    client.release();
  }
}

async function launchLocked(
  engine: EngineDeps,
  key: { sandboxId: string; campaignId: string },
): Promise<boolean> {
  const call = systemCall(engine, key.sandboxId);
  const now = engine.clock.now();
  const row = await getCampaignRow(call.db, key.sandboxId, key.campaignId);
  const due = row.next_launch_at;
  if (!['live', 'scheduled'].includes(row.status) || row.paused || !due || due > now) return false;
  const definition = definitionOf(row);
  const schedule = schedulerOf(definition);
  const launched = await call.db
    .selectFrom('orchestrated_runs')
    .select('id')
    .where('sandbox_id', '=', key.sandboxId)
    .where('campaign_id', '=', key.campaignId)
    .where('mode', '=', 'live')
    .where('started_at', '>=', due)
    .executeTakeFirst();
  let started = false;
  if (!launched)
    try {
      await startRun(engine, {
        sandboxId: key.sandboxId,
        campaignId: key.campaignId,
        mode: 'live',
        trigger: 'schedule',
        definition,
        variables: {},
        actorLabel: row.published_by ?? row.updated_by,
        oneShot: isOneShot(schedule),
      });
      started = true;
    } catch (error) {
      // The previous run still goes on: this launch is skipped.
      if (!(error instanceof AppError && error.code === 'ORCHESTRATED_RUN_BUSY')) throw error;
      engine.log?.warn({ ...key, due }, 'orchestrated launch skipped: the previous run goes on');
    }
  const following = schedule && !isOneShot(schedule) ? launchAfter(schedule, now) : null;
  await call.db
    .updateTable('orchestrated_campaigns')
    .set({ next_launch_at: following })
    .where('sandbox_id', '=', key.sandboxId)
    .where('id', '=', key.campaignId)
    .where('next_launch_at', '=', due)
    .execute();
  return started;
}

/**
 * Live or scheduled campaigns with nothing left to launch and no live run going on are
 * completed; a signal-triggered one only once its validity period has ended.
 */
export async function completeFinished(
  engine: EngineDeps,
  only?: { sandboxId: string; campaignId: string },
): Promise<number> {
  const db = systemCall(engine, only?.sandboxId ?? '').db;
  const now = engine.clock.now();
  let query = db
    .selectFrom('orchestrated_campaigns as c')
    .select(['c.sandbox_id', 'c.id'])
    .where('c.status', 'in', ['live', 'scheduled'])
    .where('c.next_launch_at', 'is', null)
    .where('c.paused', '=', false)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM orchestrated_runs r
        WHERE r.sandbox_id = c.sandbox_id AND r.campaign_id = c.id AND r.mode = 'live'
          AND r.status IN ('running', 'paused'))`,
    );
  if (only)
    query = query.where('c.sandbox_id', '=', only.sandboxId).where('c.id', '=', only.campaignId);
  let completed = 0;
  for (const found of await query.execute()) {
    const call = systemCall(engine, found.sandbox_id);
    const done = await call.db.transaction().execute(async (tx) => {
      const row = await getCampaignRow(tx, found.sandbox_id, found.id, { forUpdate: true });
      if (!['live', 'scheduled'].includes(row.status) || row.next_launch_at || row.paused)
        return false;
      const schedule = schedulerOf(definitionOf(row));
      const ended = schedule?.validUntil !== undefined && new Date(schedule.validUntil) < now;
      if (schedule?.frequency === 'signal' && !ended) return false;
      await transitionOrchestrated(tx, transitionCall(call, now), row, 'complete');
      return true;
    });
    if (done) completed += 1;
  }
  return completed;
}

/** The tick: publications left half-way, due launches, campaigns with nothing left to do. */
export async function launchDueCampaigns(engine: EngineDeps): Promise<number> {
  const db = systemCall(engine, '').db;
  const now = engine.clock.now();
  const stale = await db
    .selectFrom('orchestrated_campaigns')
    .select(['sandbox_id', 'id'])
    .where('status', '=', 'publishing')
    .where('updated_at', '<', new Date(now.getTime() - PUBLISHING_GRACE_MS))
    .execute();
  for (const row of stale)
    await finishPublishing(engine, { sandboxId: row.sandbox_id, campaignId: row.id });
  const due = await db
    .selectFrom('orchestrated_campaigns')
    .select(['sandbox_id', 'id'])
    .where('status', 'in', ['live', 'scheduled'])
    .where('paused', '=', false)
    .where('next_launch_at', '<=', now)
    .orderBy('next_launch_at')
    .execute();
  let launched = 0;
  for (const row of due)
    if (await launchCampaign(engine, { sandboxId: row.sandbox_id, campaignId: row.id }))
      launched += 1;
  await completeFinished(engine);
  return launched;
}
