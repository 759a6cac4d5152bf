// What the campaign benchmark measures: smtp-source's rate into the sink (its yardstick, taken
// before and after each campaign), and one campaign from activation to its completed execution,
// timed by phase and checked member by member against the sink's count.
import { processDueRuns } from '../../src/campaigns/runs.ts';
import { activateCampaign } from '../../src/campaigns/service.ts';
import { getCampaign } from '../../src/campaigns/store.ts';
import { systemClock } from '../../src/platform/context.ts';
import type { CampaignOptions } from './campaign-options.ts';
import { load, seconds } from './campaign-report.ts';
import type { Sandbox } from './campaign-sandbox.ts';
import { administratorCall, draftCampaign, expectedOutcomes } from './campaign-setup.ts';
import { now, sleep } from './measure.ts';
import { runSmtpSource, type PostfixSink } from './postfix.ts';
import type { BenchPostgres } from './postgres.ts';
import { fmt, sampleCpu } from './send-cpu.ts';
import { SENDER } from './smtp-setup.ts';
import {
  killWorkers,
  messageOutcomes,
  startWorkers,
  stopWorkers,
  waitForExecution,
} from './workers.ts';

export const SOURCE_SESSIONS = 20;

export async function measureSource(
  binary: string,
  sink: PostfixSink,
  options: CampaignOptions,
  bytes: number,
): Promise<number> {
  const before = sink.delivered();
  const { seconds: took } = await runSmtpSource(binary, {
    port: sink.port,
    sessions: SOURCE_SESSIONS,
    messages: options.sourceMessages,
    bytes,
    keepConnections: true,
    from: SENDER,
    to: 'r1@example.com',
  });
  await sink.waitFor(before + options.sourceMessages, 10_000);
  return options.sourceMessages / took;
}

export interface CampaignResult {
  workers: number;
  sent: number;
  members: number;
  snapshotTookMs: number;
  /** Wall-clock milliseconds of each phase. */
  activationMs: number;
  snapshotMs: number;
  planningMs: number;
  sendMs: number;
  totalMs: number;
  cpu: Map<string, number>;
  outcomes: { status: string; reason: string | null; n: number }[];
}

/** A commit timestamp of the server, as milliseconds on this process's `now()` scale. */
const onNowScale = (at: Date, anchor: { wall: number; mono: number }) =>
  anchor.mono + (at.getTime() - anchor.wall);

export async function runCampaign(
  postgres: BenchPostgres,
  sink: PostfixSink,
  sandbox: Sandbox,
  workers: number,
  options: CampaignOptions,
): Promise<CampaignResult> {
  const { database } = sandbox;
  const call = await administratorCall(database, sandbox.sandboxId);
  const campaign = await draftCampaign(
    call,
    `Spring newsletter (${workers} worker${workers > 1 ? 's' : ''})`,
    sandbox.audienceId,
    sandbox.configurationId,
  );
  const expected = await expectedOutcomes(database.pool, sandbox.sandboxId);
  const running = await startWorkers(sandbox.url, workers, options.lanes);
  try {
    // The workers also look for due runs at every full minute: start clear of one, so that the
    // run is planned here (a few ms after activation), where it is timed.
    while (new Date().getSeconds() >= 45) await sleep(250);
    const before = sink.delivered();
    const cpu = sampleCpu(postgres);
    const started = now();
    await activateCampaign(call, campaign.id);
    const anchor = { wall: Date.now(), mono: now() };
    const taken = await processDueRuns({ database, clock: systemClock });
    if (taken !== 1) throw new Error(`processDueRuns planned ${taken} runs, expected 1`);
    const run = await database.pool.query<{
      execution_id: string;
      snapshot_id: string;
      members: number;
      took_ms: number;
      snapshot_at: Date;
      planned_at: Date;
    }>(
      `SELECT r.execution_id, e.snapshot_id, s.members, s.took_ms,
              pg_xact_commit_timestamp(s.xmin) AS snapshot_at,
              pg_xact_commit_timestamp(r.xmin) AS planned_at
         FROM campaign_runs r
         JOIN executions e ON e.sandbox_id = r.sandbox_id AND e.id = r.execution_id
         JOIN audience_snapshots s ON s.sandbox_id = e.sandbox_id AND s.id = e.snapshot_id
        WHERE r.sandbox_id = $1 AND r.campaign_id = $2 AND r.run_no = 1`,
      [sandbox.sandboxId, campaign.id],
    );
    const planned = run.rows[0];
    if (!planned) throw new Error('the run has no execution');
    const snapshotEnd = onNowScale(planned.snapshot_at, anchor);
    const planEnd = onNowScale(planned.planned_at, anchor);
    const finished = await waitForExecution({
      pool: database.pool,
      executionId: planned.execution_id,
      sink,
      workers: running,
      sinkBefore: before,
      progressMs: 60_000,
      onProgress: (n) =>
        console.log(`  … ${fmt(n)} sent after ${seconds(now() - started)} (load ${load()})`),
    });
    const usage = cpu();
    const outcomes = await messageOutcomes(database.pool, planned.execution_id);
    const sent = outcomes.find((o) => o.status === 'sent')?.n ?? 0;
    await sink.waitFor(before + sent, 10_000);
    const delivered = sink.delivered() - before;
    // Every member decided as expected, and the sink received exactly what was sent.
    const problems: string[] = [];
    if (delivered !== sent) problems.push(`sink counted ${delivered}, ${sent} sent`);
    const found = new Map(
      outcomes.map((o) => [o.status === 'sent' ? 'sent' : (o.reason ?? o.status), o.n]),
    );
    for (const key of new Set([...expected.keys(), ...found.keys()]))
      if ((expected.get(key) ?? 0) !== (found.get(key) ?? 0))
        problems.push(`${key}: ${found.get(key) ?? 0}, expected ${expected.get(key) ?? 0}`);
    const total = outcomes.reduce((sum, o) => sum + o.n, 0);
    if (total !== planned.members)
      problems.push(`${total} messages for ${planned.members} members`);
    // The scheduler closes the run and completes the campaign.
    await processDueRuns({ database, clock: systemClock });
    const after = await getCampaign(call.db, sandbox.sandboxId, campaign.id);
    if (after.status !== 'completed') problems.push(`campaign ${after.status}, not completed`);
    if (problems.length)
      throw new Error(
        `campaign run incorrect: ${problems.join('; ')}\n${JSON.stringify(outcomes)}`,
      );
    await stopWorkers(running);
    return {
      workers,
      sent,
      members: planned.members,
      snapshotTookMs: planned.took_ms,
      activationMs: anchor.mono - started,
      snapshotMs: snapshotEnd - anchor.mono,
      planningMs: planEnd - snapshotEnd,
      sendMs: finished - planEnd,
      totalMs: finished - started,
      cpu: usage,
      outcomes,
    };
  } finally {
    await killWorkers(running);
  }
}
