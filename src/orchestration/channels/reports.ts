// The reports of an orchestrated campaign per channel activity and run (SPEC O4, R1): each
// Email, SMS or Push task that planned an execution, with that execution's report — targeted,
// excluded by reason, sent, delivered, bounces, opens, clicks, unsubscribes, complaints.
import type pg from 'pg';
import type { CampaignReport } from '../../reports/model.ts';
import { executionReport } from '../../reports/report.ts';
import type { ChannelKind } from '../activities/channel.ts';

export interface ChannelActivityReport {
  runId: string;
  runNo: number;
  mode: 'test' | 'live';
  activityId: string;
  channel: ChannelKind;
  executionId: string;
  /** The execution's status: planned, sending, completed or cancelled. */
  status: string;
  totals: CampaignReport['totals'];
}

/** The newest runs first, activities by id; `limit` runs at most (default 20). */
export async function channelActivityReports(
  pool: pg.Pool,
  request: { sandboxId: string; campaignId: string; limit?: number },
): Promise<ChannelActivityReport[]> {
  const tasks = await pool.query<{
    run_id: string;
    run_no: number;
    mode: 'test' | 'live';
    activity_id: string;
    kind: ChannelKind;
    execution_id: string;
  }>(
    `SELECT r.id AS run_id, r.run_no, r.mode, t.activity_id, t.kind, t.state->>'executionId' AS execution_id
       FROM (SELECT id, run_no, mode FROM orchestrated_runs
              WHERE sandbox_id = $1 AND campaign_id = $2 ORDER BY run_no DESC LIMIT $3) r
       JOIN orchestrated_tasks t ON t.sandbox_id = $1 AND t.run_id = r.id
      WHERE t.kind IN ('email', 'sms', 'push') AND t.state ? 'executionId'
      ORDER BY r.run_no DESC, t.activity_id`,
    [request.sandboxId, request.campaignId, request.limit ?? 20],
  );
  const reports: ChannelActivityReport[] = [];
  for (const task of tasks.rows) {
    const report = await executionReport(pool, request.sandboxId, task.execution_id);
    reports.push({
      runId: task.run_id,
      runNo: task.run_no,
      mode: task.mode,
      activityId: task.activity_id,
      channel: task.kind,
      executionId: task.execution_id,
      status: report.executions[0]?.status ?? 'planned',
      totals: report.totals,
    });
  }
  return reports;
}
