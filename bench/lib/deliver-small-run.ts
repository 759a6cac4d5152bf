// One measurement of the small-executions delivery benchmark: N calls of one campaign stored as
// the execution API stores them (one execution, one message, one batch each), then `clarion
// worker` processes of a given checkout send them all; the sink must count exactly N.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { writeExecutions, type AcceptedCall } from '../../src/campaigns/im/accept-sql.ts';
import type { Configuration } from '../../src/channels/model.ts';
import { now, sleep } from './measure.ts';
import type { PostfixSink } from './postfix.ts';
import type { BenchPostgres } from './postgres.ts';
import { sampleCpu } from './send-cpu.ts';
import { BENCH_SECRET } from './smtp-setup.ts';
import { ORDER_EMAIL, orderContext } from './trigger-setup.ts';

/** Stores `count` calls numbered from `first`, in groups of 200 as the API's group commit does. */
export async function storeSmallCalls(
  pool: pg.Pool,
  sandboxId: string,
  configuration: Configuration,
  first: number,
  count: number,
): Promise<void> {
  const campaignId = crypto.randomUUID();
  const at = new Date();
  const call = (n: number): AcceptedCall => ({
    sandboxId,
    campaignId,
    requestId: `order-${n}`,
    kind: 'highthroughput',
    response: {
      executionId: crypto.randomUUID(),
      requestId: `order-${n}`,
      createdAt: at.toISOString(),
      createdBy: 'bench',
      modifiedAt: at.toISOString(),
      modifiedBy: 'bench',
    },
    createdBy: 'bench',
    at,
    actionId: 'confirmation',
    channel: 'email',
    category: 'transactional',
    configuration,
    content: ORDER_EMAIL,
    feedback: false,
    recipients: [
      {
        key: `buyer${n}@example.net`,
        profileId: null,
        address: `buyer${n}@example.net`,
        renderData: { context: orderContext(n) },
      },
    ],
  });
  const client = await pool.connect();
  try {
    for (let i = 0; i < count; i += 200) {
      await client.query('BEGIN');
      await writeExecutions(
        client,
        Array.from({ length: Math.min(200, count - i) }, (_, k) => call(first + i + k)),
      );
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
}

interface Worker {
  child: ReturnType<typeof spawn>;
  output(): string;
}

/** `clarion worker` of the checkout at `root`, with `lanes` delivery lanes. */
function startWorker(root: string, url: string, lanes: number): Worker {
  const child = spawn(process.execPath, [join(root, 'bin', 'clarion.js'), 'worker'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      CLARION_SECRET: BENCH_SECRET,
      CLARION_DATA_DIR: join(tmpdir(), 'clarion-bench-deliver-small'),
      CLARION_DELIVERY_LANES: String(lanes),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return { child, output: () => text };
}

export interface SmallDelivery {
  sent: number;
  sinkCount: number;
  seconds: number;
  cpu: Map<string, number>;
  problems: string[];
}

/** Workers of `root` send every pending message of the sandbox; timed from their first send. */
export async function deliverSmall(options: {
  root: string;
  url: string;
  pool: pg.Pool;
  postgres: BenchPostgres;
  sink: PostfixSink;
  sandboxId: string;
  expected: number;
  workers: number;
  lanes: number;
  limitSeconds: number;
}): Promise<SmallDelivery> {
  const { pool, sink } = options;
  const before = sink.delivered();
  const pending = async () =>
    Number(
      (
        await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM messages WHERE sandbox_id = $1
            AND status IN ('queued', 'sending', 'retrying')`,
          [options.sandboxId],
        )
      ).rows[0]?.n,
    );
  const workers = Array.from({ length: options.workers }, () =>
    startWorker(options.root, options.url, options.lanes),
  );
  const problems: string[] = [];
  try {
    // Timed from the first message at the sink: worker start-up (tsx loading) is left out.
    const startBy = now() + 120_000;
    while (sink.delivered() === before && now() < startBy) await sleep(20);
    const cpu = sampleCpu(options.postgres);
    const started = now();
    let left = await pending();
    while (left > 0 && now() - started < options.limitSeconds * 1000) {
      if (workers.some((w) => w.child.exitCode !== null))
        throw new Error(`a worker exited:\n${workers.map((w) => w.output()).join('\n')}`);
      await sleep(100);
      left = await pending();
    }
    const seconds = (now() - started) / 1000;
    const usage = cpu();
    await sink.waitFor(before + options.expected, 15_000).catch(() => undefined);
    const sent = Number(
      (
        await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM messages WHERE sandbox_id = $1 AND status = 'sent'`,
          [options.sandboxId],
        )
      ).rows[0]?.n,
    );
    const sinkCount = sink.delivered() - before;
    if (left > 0) problems.push(`${left} messages still pending after ${options.limitSeconds} s`);
    if (sinkCount !== options.expected)
      problems.push(`the sink counted ${sinkCount} for ${options.expected} calls`);
    return { sent, sinkCount, seconds, cpu: usage, problems };
  } finally {
    const running = workers.filter((w) => w.child.exitCode === null);
    for (const w of running) w.child.kill('SIGINT');
    await Promise.all(running.map((w) => once(w.child, 'exit')));
  }
}
