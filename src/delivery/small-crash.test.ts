// Many one-message executions shared by two `clarion worker` processes; one is SIGKILLed in the
// middle, with batches of several executions claimed. After a replacement starts, every recipient
// has received its message, and the only repeats are messages that were in flight at the kill.
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import type { TestApp } from '../http/testing.ts';
import { PARALLEL_EXECUTIONS } from './dispatch.ts';
import { prodSandbox, receivedCounts, smtpConfiguration, storeCalls } from './small-testing.ts';
import { useWorkerProcesses } from './worker-processes.testing.ts';

const CALLS = 1000;

const processes = useWorkerProcesses('/tmp/clarion-delivery-small-crash');
const { workers, startWorker } = processes;
let t: TestApp;
let sink: SmtpSink;
beforeAll(() => {
  ({ t, sink } = processes);
});

async function unfinished(ids: string[]): Promise<number> {
  const found = await t.database.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM executions WHERE id = ANY($1::uuid[]) AND status <> 'completed'",
    [ids],
  );
  return found.rows[0]!.n;
}

describe('a worker killed while sending many one-message executions', () => {
  it('leaves none unsent and repeats only what was in flight', { timeout: 300_000 }, async () => {
    const sandboxId = await prodSandbox(t);
    const configuration = await smtpConfiguration(t, sandboxId, sink.port);
    const ids = await storeCalls(t, sandboxId, configuration, CALLS, new Date());

    const doomed = startWorker();
    startWorker();
    for (let i = 0; i < 3000 && sink.received.length < CALLS / 10; i++) await sleep(20);
    expect(sink.received.length, doomed.output()).toBeGreaterThan(0);
    doomed.child.kill('SIGKILL');
    await doomed.exited();
    const atKill = sink.received.length;
    startWorker(); // the replacement
    for (let i = 0; i < 2400 && (await unfinished(ids)) > 0; i++) await sleep(100);
    expect(await unfinished(ids), workers.map((w) => w.output()).join('\n')).toBe(0);
    expect(atKill).toBeLessThan(CALLS);

    const counts = receivedCounts(sink.received);
    expect(counts.size).toBe(CALLS);
    // The killed lane had at most one message of each execution it was sending in flight.
    const repeats = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(repeats).toBeLessThanOrEqual(PARALLEL_EXECUTIONS);
    const statuses = await t.database.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM messages WHERE execution_id = ANY($1::uuid[])
        GROUP BY 1`,
      [ids],
    );
    expect(statuses.rows).toEqual([{ status: 'sent', n: CALLS }]);
  });
});
