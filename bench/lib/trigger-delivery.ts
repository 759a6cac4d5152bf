// The delivery after the trigger benchmark's load: `clarion worker` processes send what was
// accepted; then every count is checked (every 202 stored and sent, the sink's counter risen by
// exactly that).
import type pg from 'pg';
import { now, sleep } from './measure.ts';
import type { PostfixSink } from './postfix.ts';
import type { BenchPostgres } from './postgres.ts';
import { cpuLine, fmt } from './send-cpu.ts';
import { sampleTriggerCpu } from './trigger-load.ts';
import type { Measurement, TriggerOptions } from './trigger-run.ts';
import { killWorkers, startWorkers, stopWorkers } from './workers.ts';

export interface Delivery {
  accepted: number;
  stored: { requests: number; executions: number; messages: number };
  outcomes: { status: string; n: number }[];
  sinkCount: number;
  seconds: number;
  /** Times the workers were stopped and started again because the sink stopped answering. */
  restarts: number;
  cpu: Map<string, number>;
  problems: string[];
}

const PENDING = ['queued', 'sending', 'retrying'];
/** Sink silent this long with messages pending: the workers are restarted. */
const STALL_MS = 3_000;

/** `clarion worker` processes send what was accepted; then every count is checked. */
export async function deliverAndCheck(context: {
  url: string;
  pool: pg.Pool;
  postgres: BenchPostgres;
  sink: PostfixSink;
  sandboxId: string;
  measurements: readonly Measurement[];
  options: TriggerOptions;
}): Promise<Delivery> {
  const { pool, sandboxId, sink } = context;
  const problems: string[] = [];
  let accepted = 0;
  const stored = { requests: 0, executions: 0, messages: 0 };
  // Per campaign: several measurements (the fixed-rate one) may call the same campaign.
  const byCampaign = new Map<string, { names: string[]; accepted: number }>();
  for (const m of context.measurements) {
    const campaignId = m.target.campaignId;
    if (!campaignId) continue;
    const entry = byCampaign.get(campaignId) ?? { names: [], accepted: 0 };
    entry.names.push(m.target.name);
    entry.accepted += m.warmup.accepted + m.run.accepted;
    byCampaign.set(campaignId, entry);
  }
  for (const [campaignId, { names, accepted: acceptedHere }] of byCampaign) {
    accepted += acceptedHere;
    const row = (
      await pool.query<{ requests: number; executions: number; messages: number }>(
        `SELECT count(*)::int AS requests, count(e.id)::int AS executions,
                (SELECT count(*)::int FROM messages m JOIN executions x
                    ON x.sandbox_id = m.sandbox_id AND x.id = m.execution_id
                  WHERE x.sandbox_id = $1 AND x.campaign_id = $2) AS messages
           FROM trigger_requests t
           LEFT JOIN executions e ON e.sandbox_id = t.sandbox_id AND e.id = t.execution_id
          WHERE t.sandbox_id = $1 AND t.campaign_id = $2`,
        [sandboxId, campaignId],
      )
    ).rows[0] ?? { requests: 0, executions: 0, messages: 0 };
    stored.requests += row.requests;
    stored.executions += row.executions;
    stored.messages += row.messages;
    for (const [what, n] of Object.entries(row))
      if (n !== acceptedHere)
        problems.push(
          `${names.join(' + ')}: ${n} ${what} stored for ${acceptedHere} accepted calls`,
        );
  }
  const baselineAccepted = context.measurements
    .filter((m) => !m.target.campaignId)
    .reduce((sum, m) => sum + m.warmup.accepted + m.run.accepted, 0);
  const baselineRows = Number(
    (await pool.query<{ n: string }>('SELECT count(*) AS n FROM bench_baseline_requests')).rows[0]
      ?.n,
  );
  if (baselineRows !== baselineAccepted)
    problems.push(`baseline: ${baselineRows} rows for ${baselineAccepted} accepted calls`);

  const before = sink.delivered();
  const cpu = sampleTriggerCpu(context.postgres);
  const started = now();
  const start = () => startWorkers(context.url, context.options.workers, context.options.lanes);
  let workers = await start();
  let restarts = 0;
  let pending = 0;
  try {
    let lastSink = sink.delivered();
    let lastChange = now();
    for (;;) {
      pending = Number(
        (
          await pool.query<{ n: string }>(
            'SELECT count(*) AS n FROM messages WHERE sandbox_id = $1 AND status = ANY($2)',
            [sandboxId, PENDING],
          )
        ).rows[0]?.n,
      );
      if (pending === 0 || now() - started > context.options.deliverSeconds * 1000) break;
      if (sink.delivered() !== lastSink) [lastSink, lastChange] = [sink.delivered(), now()];
      else if (now() - lastChange > STALL_MS) {
        // A worker keeps each execution's SMTP sessions open until it stops; once the sink stops
        // greeting new sessions, a clean stop (which closes them) and a fresh start go on.
        await stopWorkers(workers);
        workers = await start();
        restarts++;
        lastChange = now();
      }
      if (workers.some((w) => w.child.exitCode !== null))
        throw new Error(`a worker exited:\n${workers.map((w) => w.output()).join('\n')}`);
      await sleep(250);
    }
    const seconds = (now() - started) / 1000;
    const outcomes = (
      await pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM messages WHERE sandbox_id = $1 GROUP BY 1 ORDER BY 2 DESC`,
        [sandboxId],
      )
    ).rows;
    const sent = outcomes.find((o) => o.status === 'sent')?.n ?? 0;
    await sink.waitFor(before + accepted, 15_000).catch(() => undefined);
    const sinkCount = sink.delivered() - before;
    const usage = cpu();
    if (sent !== accepted) problems.push(`${sent} messages sent for ${accepted} accepted calls`);
    if (sinkCount !== accepted)
      problems.push(`the sink received ${sinkCount} messages for ${accepted} accepted calls`);
    const open = Number(
      (
        await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM executions WHERE sandbox_id = $1 AND status <> 'completed'`,
          [sandboxId],
        )
      ).rows[0]?.n,
    );
    if (open > 0) problems.push(`${open} executions not completed`);
    if (pending > 0)
      problems.push(`${pending} messages still pending after ${context.options.deliverSeconds} s`);
    await stopWorkers(workers);
    return { accepted, stored, outcomes, sinkCount, seconds, restarts, cpu: usage, problems };
  } finally {
    await killWorkers(workers);
  }
}

export function reportDelivery(d: Delivery): void {
  console.log(
    `\nAfter the load: ${fmt(d.accepted)} calls accepted by Clarion (warm-ups included); stored ` +
      `${fmt(d.stored.requests)} requests, ${fmt(d.stored.executions)} executions, ${fmt(d.stored.messages)} messages`,
  );
  console.log(
    `Delivery by clarion worker: ${d.outcomes.map((o) => `${o.status} ${fmt(o.n)}`).join(', ')} in ` +
      `${fmt(d.seconds, 1)} s (${fmt(d.accepted / d.seconds)} msgs/s, worker start-up included); ` +
      `the sink received ${fmt(d.sinkCount)}; workers restarted ${d.restarts} times ` +
      `(the sink had stopped greeting new sessions)`,
  );
  console.log(`  CPU: ${cpuLine(d.cpu, d.seconds)}`);
  if (d.problems.length) {
    console.log(`CHECKS FAILED:\n  ${d.problems.join('\n  ')}`);
    process.exitCode = 1;
  } else
    console.log(
      'Checks: every 202 has its request, execution and message; all sent; sink count = accepted count.',
    );
}
