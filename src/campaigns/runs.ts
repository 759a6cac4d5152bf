// Campaign runs (SPEC S2, S4): the schedule's slots as durable rows, each planned into one
// execution of the send pipeline when due. A run is claimed with SKIP LOCKED, so any number of
// processes can look for due runs; a run claimed by a process that died is taken over after
// `STALE_CLAIM_MS`. Planning and linking the execution to its run are one transaction.
import type pg from 'pg';
import { sql } from 'kysely';
import { takeSnapshot } from '../audiences/snapshots.ts';
import { audiencesDb } from '../audiences/store.ts';
import { channelsDb } from '../channels/db.ts';
import { getConfiguration } from '../channels/store.ts';
import type { Database } from '../db/connection.ts';
import { cancelExecution } from '../delivery/cancel.ts';
import { planExecution } from '../delivery/plan.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { SYSTEM_ACTOR, type Clock } from '../platform/context.ts';
import { campaignsDb, type CampaignsDb } from './db.ts';
import { executionRequestFor } from './execution.ts';
import { fireDueSchedules } from './im/audience.ts';
import { transitionCampaign } from './lifecycle.ts';
import type { CampaignSchedule } from './model.ts';
import { dueAt, firstSlot, slotAfter } from './schedule.ts';
import { getCampaignRow, toCampaign, type CampaignRow } from './store.ts';
import { scaleWinnerIfSignificant } from './winner.ts';

export const STALE_CLAIM_MS = 15 * 60_000;
export const RUN_TASK = 'processCampaignRuns';
const MAX_RUNS_PER_PASS = 500;

export interface RunDeps {
  database: Database;
  clock: Clock;
  jobs?: JobQueue | undefined;
}

const SYSTEM = { actor: SYSTEM_ACTOR, permissions: new Set<never>() };

/** Writes the first run of a campaign being activated; returns when it is due. */
export async function scheduleFirstRun(
  tx: CampaignsDb,
  campaign: CampaignRow,
  schedule: CampaignSchedule,
  now: Date,
): Promise<Date> {
  const slot = firstSlot(schedule, now);
  if (!slot) throw new Error(`campaign ${campaign.id} has no run left`);
  const due = dueAt(schedule, slot);
  await tx
    .insertInto('campaign_runs')
    .values({
      sandbox_id: campaign.sandbox_id,
      campaign_id: campaign.id,
      run_no: 1,
      slot_at: slot,
      due_at: due < now ? now : due,
      status: 'scheduled',
    })
    .execute();
  return due;
}

/** Asks the job queue to look for due runs at `at` (a cron line also looks every minute). */
export async function wakeAt(deps: RunDeps, campaignId: string, at: Date): Promise<void> {
  await deps.jobs?.add(RUN_TASK, {}, { runAt: at, jobKey: `campaign-run:${campaignId}` });
}

interface ClaimedRun {
  sandbox_id: string;
  campaign_id: string;
  run_no: number;
  slot_at: Date;
}

async function claimDueRun(pool: pg.Pool, now: Date): Promise<ClaimedRun | undefined> {
  const claimed = await pool.query<ClaimedRun>(
    `UPDATE campaign_runs r SET status = 'sending', started_at = $1
      WHERE (r.sandbox_id, r.campaign_id, r.run_no) = (
              SELECT x.sandbox_id, x.campaign_id, x.run_no FROM campaign_runs x
               WHERE (x.status = 'scheduled' AND x.due_at <= $1)
                  OR (x.status = 'sending' AND x.execution_id IS NULL AND x.started_at < $2)
               ORDER BY x.due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING r.sandbox_id, r.campaign_id, r.run_no, r.slot_at`,
    [now, new Date(now.getTime() - STALE_CLAIM_MS)],
  );
  return claimed.rows[0];
}

/**
 * After a run is planned: the campaign goes live, and a recurring one gets its next run.
 * Idempotent, so a crash between planning and this step is mended by the next call.
 */
async function advanceCampaign(db: CampaignsDb, run: ClaimedRun, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await getCampaignRow(tx, run.sandbox_id, run.campaign_id, { forUpdate: true });
    if (row.status === 'scheduled')
      await transitionCampaign(tx, { ...SYSTEM, sandboxId: row.sandbox_id, now }, row, 'start', {
        runNo: run.run_no,
      });
    const schedule = toCampaign(row).schedule;
    // A run planned late (the process was down) is followed by the next slot still ahead: the
    // slots missed meanwhile are not sent in a burst.
    const next = schedule ? slotAfter(schedule, run.slot_at > now ? run.slot_at : now) : null;
    if (!schedule || !next || !['scheduled', 'live'].includes(row.status)) return;
    await tx
      .insertInto('campaign_runs')
      .values({
        sandbox_id: row.sandbox_id,
        campaign_id: row.id,
        run_no: run.run_no + 1,
        slot_at: next,
        due_at: dueAt(schedule, next),
        status: 'scheduled',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

async function failRun(deps: RunDeps, run: ClaimedRun, error: unknown, now: Date) {
  const db = campaignsDb(deps.database.db);
  const message = error instanceof Error ? error.message : String(error);
  await db
    .updateTable('campaign_runs')
    .set({ status: 'failed', error: message.slice(0, 2000), finished_at: now })
    .where('sandbox_id', '=', run.sandbox_id)
    .where('campaign_id', '=', run.campaign_id)
    .where('run_no', '=', run.run_no)
    .execute();
  const row = await getCampaignRow(db, run.sandbox_id, run.campaign_id);
  const once = toCampaign(row).schedule?.recurrence.frequency !== 'once' ? false : true;
  if (once && ['scheduled', 'live'].includes(row.status))
    await db.transaction().execute(async (tx) => {
      const locked = await getCampaignRow(tx, run.sandbox_id, run.campaign_id, {
        forUpdate: true,
      });
      if (['scheduled', 'live'].includes(locked.status))
        await transitionCampaign(
          tx,
          { ...SYSTEM, sandboxId: run.sandbox_id, now },
          locked,
          'fail',
          {
            runNo: run.run_no,
            error: message,
          },
        );
    });
  else await advanceCampaign(db, run, now);
}

/** Snapshots the audience and plans the run's execution. */
async function planRun(deps: RunDeps, run: ClaimedRun, now: Date): Promise<void> {
  const db = campaignsDb(deps.database.db);
  const row = await getCampaignRow(db, run.sandbox_id, run.campaign_id);
  if (!['scheduled', 'live'].includes(row.status)) {
    await db
      .updateTable('campaign_runs')
      .set({ status: 'cancelled', finished_at: now })
      .where('sandbox_id', '=', run.sandbox_id)
      .where('campaign_id', '=', run.campaign_id)
      .where('run_no', '=', run.run_no)
      .execute();
    return;
  }
  if (run.run_no > 1) await scaleWinnerIfSignificant(deps, row, now);
  const campaign = toCampaign(await getCampaignRow(db, run.sandbox_id, run.campaign_id));
  if (!campaign.audience || !campaign.action) throw new Error('The campaign is incomplete.');
  const snapshot = await takeSnapshot(
    {
      db: audiencesDb(deps.database.db),
      sandboxId: run.sandbox_id,
      actor: SYSTEM_ACTOR,
      clock: deps.clock,
      pool: deps.database.pool,
    },
    campaign.audience.audienceId,
  );
  const request = await executionRequestFor({
    db: deps.database.db,
    sandboxId: run.sandbox_id,
    campaign,
    runNo: run.run_no,
    slotAt: run.slot_at,
    snapshotId: snapshot.id,
    now,
  });
  const configuration = await getConfiguration(
    channelsDb(deps.database.db),
    run.sandbox_id,
    campaign.action.configurationId,
  );
  const client = await deps.database.pool.connect();
  try {
    await client.query('BEGIN');
    const planned = await planExecution(client, request, configuration, now);
    await client.query(
      `UPDATE campaign_runs SET execution_id = $4
        WHERE sandbox_id = $1 AND campaign_id = $2 AND run_no = $3`,
      [run.sandbox_id, run.campaign_id, run.run_no, planned.id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await advanceCampaign(db, run, now);
}

/** Plans every run that is due; returns how many were taken. */
export async function processDueRuns(deps: RunDeps, now = deps.clock.now()): Promise<number> {
  let taken = 0;
  // Bounded, so one pass cannot spin on a schedule that keeps producing due runs.
  while (taken < MAX_RUNS_PER_PASS) {
    const run = await claimDueRun(deps.database.pool, now);
    if (!run) break;
    taken++;
    try {
      await planRun(deps, run, now);
    } catch (error) {
      await failRun(deps, run, error, now);
    }
  }
  // Audience executions of API-triggered campaigns scheduled for now.
  taken += await fireDueSchedules(deps);
  await syncRuns(deps, now);
  await wakeForNextRuns(deps, now);
  return taken;
}

/** Runs whose execution finished are done; a campaign with nothing left to run is completed. */
export async function syncRuns(deps: RunDeps, now = deps.clock.now()): Promise<void> {
  const db = campaignsDb(deps.database.db);
  const finished = await sql<{ sandbox_id: string; campaign_id: string }>`
    UPDATE campaign_runs r
       SET status = CASE WHEN e.status = 'cancelled' THEN 'cancelled' ELSE 'completed' END,
           finished_at = coalesce(e.finished_at, ${now})
      FROM executions e
     WHERE r.status = 'sending' AND e.sandbox_id = r.sandbox_id AND e.id = r.execution_id
       AND (e.status IN ('completed', 'cancelled') OR e.batches = 0)
    RETURNING r.sandbox_id, r.campaign_id`.execute(db);
  const campaigns = new Map(finished.rows.map((r) => [`${r.sandbox_id}/${r.campaign_id}`, r]));
  for (const { sandbox_id, campaign_id } of campaigns.values())
    await db.transaction().execute(async (tx) => {
      const row = await getCampaignRow(tx, sandbox_id, campaign_id, { forUpdate: true });
      if (!['scheduled', 'live'].includes(row.status)) return;
      const open = await tx
        .selectFrom('campaign_runs')
        .select('run_no')
        .where('sandbox_id', '=', sandbox_id)
        .where('campaign_id', '=', campaign_id)
        .where('status', 'in', ['scheduled', 'sending'])
        .executeTakeFirst();
      if (!open)
        await transitionCampaign(tx, { ...SYSTEM, sandboxId: sandbox_id, now }, row, 'complete');
    });
}

/** While a run is being sent, how often its completion is looked for. */
const SYNC_EVERY_MS = 10_000;

/** Makes sure the job queue wakes up for the next due run, and soon while runs are sending. */
async function wakeForNextRuns(deps: RunDeps, now: Date): Promise<void> {
  if (!deps.jobs) return;
  const sending = await campaignsDb(deps.database.db)
    .selectFrom('campaign_runs')
    .select('campaign_id')
    .where('status', '=', 'sending')
    .limit(1)
    .executeTakeFirst();
  if (sending)
    await deps.jobs.add(
      RUN_TASK,
      {},
      { runAt: new Date(now.getTime() + SYNC_EVERY_MS), jobKey: 'campaign-runs:sending' },
    );
  const next = await campaignsDb(deps.database.db)
    .selectFrom('campaign_runs')
    .select(['campaign_id', 'due_at'])
    .where('status', '=', 'scheduled')
    .where('due_at', '>', now)
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst();
  if (next) await wakeAt(deps, next.campaign_id, next.due_at);
}

/** Stopping: future runs are cancelled, and the not-yet-sent part of a run being sent. */
export async function cancelRuns(
  tx: CampaignsDb,
  pool: pg.Pool,
  sandboxId: string,
  campaignId: string,
  now: Date,
): Promise<number> {
  await tx
    .updateTable('campaign_runs')
    .set({ status: 'cancelled', finished_at: now })
    .where('sandbox_id', '=', sandboxId)
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'scheduled')
    .execute();
  const sending = await tx
    .selectFrom('campaign_runs')
    .select(['run_no', 'execution_id'])
    .where('sandbox_id', '=', sandboxId)
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'sending')
    .execute();
  let cancelled = 0;
  for (const run of sending) {
    if (run.execution_id)
      cancelled += await cancelExecution(pool, sandboxId, run.execution_id, now);
    await tx
      .updateTable('campaign_runs')
      .set({ status: 'cancelled', finished_at: now })
      .where('sandbox_id', '=', sandboxId)
      .where('campaign_id', '=', campaignId)
      .where('run_no', '=', run.run_no)
      .execute();
  }
  return cancelled;
}
