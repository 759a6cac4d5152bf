// Read models of runs: each run with its execution's progress, and the calendar of runs.
import { sql } from 'kysely';
import type { CampaignsDb } from './db.ts';
import type { CampaignRun, CampaignStatus } from './model.ts';
import { slotsBetween } from './schedule.ts';
import { toCampaign } from './store.ts';

export async function campaignRuns(
  db: CampaignsDb,
  sandboxId: string,
  campaignId: string,
): Promise<CampaignRun[]> {
  const rows = await sql<{
    run_no: number;
    slot_at: Date;
    due_at: Date;
    status: CampaignRun['status'];
    execution_id: string | null;
    error: string | null;
    started_at: Date | null;
    finished_at: Date | null;
    recipients: string | null;
    excluded: string | null;
    sent: string | null;
    failed: string | null;
    pending: string | null;
  }>`
    SELECT r.run_no, r.slot_at, r.due_at, r.status, r.execution_id, r.error, r.started_at,
           r.finished_at, e.recipients, m.excluded, m.sent, m.failed, m.pending
      FROM campaign_runs r
      LEFT JOIN executions e ON e.sandbox_id = r.sandbox_id AND e.id = r.execution_id
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE status = 'excluded') AS excluded,
               count(*) FILTER (WHERE status IN ('sent', 'delivered')) AS sent,
               count(*) FILTER (WHERE status = 'failed') AS failed,
               count(*) FILTER (WHERE status IN ('queued', 'sending', 'retrying')) AS pending
          FROM messages WHERE sandbox_id = r.sandbox_id AND execution_id = r.execution_id
      ) m ON r.execution_id IS NOT NULL
     WHERE r.sandbox_id = ${sandboxId} AND r.campaign_id = ${campaignId}
     ORDER BY r.run_no DESC LIMIT 500`.execute(db);
  return rows.rows.map((r) => ({
    runNo: r.run_no,
    slotAt: r.slot_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    status: r.status,
    executionId: r.execution_id,
    error: r.error,
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    recipients: Number(r.recipients ?? 0),
    excluded: Number(r.excluded ?? 0),
    sent: Number(r.sent ?? 0),
    failed: Number(r.failed ?? 0),
    pending: Number(r.pending ?? 0),
  }));
}

export interface CalendarEntry {
  campaignId: string;
  name: string;
  status: CampaignStatus;
  channel: string | null;
  runNo: number | null;
  at: string;
  runStatus: CampaignRun['status'] | 'planned';
}

const PROJECTED_PER_CAMPAIGN = 100;

/** Runs in the window: those written, and the later slots of recurring campaigns projected. */
export async function calendar(
  db: CampaignsDb,
  sandboxId: string,
  from: Date,
  to: Date,
): Promise<CalendarEntry[]> {
  const runs = await db
    .selectFrom('campaign_runs as r')
    .innerJoin('campaigns as c', (j) =>
      j.onRef('c.sandbox_id', '=', 'r.sandbox_id').onRef('c.id', '=', 'r.campaign_id'),
    )
    .select(['c.id', 'c.name', 'c.status', 'c.channel', 'r.run_no', 'r.slot_at', 'r.status as rs'])
    .where('r.sandbox_id', '=', sandboxId)
    .where('r.slot_at', '>=', from)
    .where('r.slot_at', '<', to)
    .orderBy('r.slot_at')
    .limit(2000)
    .execute();
  const entries: CalendarEntry[] = runs.map((r) => ({
    campaignId: r.id,
    name: r.name,
    status: r.status,
    channel: r.channel,
    runNo: r.run_no,
    at: r.slot_at.toISOString(),
    runStatus: r.rs,
  }));
  // Slots after each active campaign's last written run.
  const active = await db
    .selectFrom('campaigns as c')
    .selectAll('c')
    .select(
      sql<Date | null>`(SELECT max(slot_at) FROM campaign_runs r WHERE r.sandbox_id = c.sandbox_id AND r.campaign_id = c.id)`.as(
        'last_slot',
      ),
    )
    .where('c.sandbox_id', '=', sandboxId)
    .where('c.status', 'in', ['scheduled', 'live'])
    .execute();
  for (const row of active) {
    const campaign = toCampaign(row);
    if (!campaign.schedule || !row.last_slot) continue;
    const after = row.last_slot > from ? row.last_slot : new Date(from.getTime() - 1);
    for (const slot of slotsBetween(campaign.schedule, after, to, PROJECTED_PER_CAMPAIGN))
      if (slot >= from && slot < to)
        entries.push({
          campaignId: campaign.id,
          name: campaign.name,
          status: campaign.status,
          channel: campaign.action?.channel ?? null,
          runNo: null,
          at: slot.toISOString(),
          runStatus: 'planned',
        });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
