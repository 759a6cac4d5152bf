// Many one-message executions (API calls of one campaign) sent by two workers at once: each
// recipient receives exactly its own message once, and every execution completes.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import { deliveryWorker } from './dispatch.ts';
import { executionSenders } from './senders.ts';
import {
  buyer,
  prodSandbox,
  receivedCounts,
  smtpConfiguration,
  storeCalls,
} from './small-testing.ts';

const CALLS = 200;

let t: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

const worker = (workerId: string) => {
  const senders = executionSenders({
    pool: t.database.pool,
    db: t.database.db,
    clock: t.clock,
    secret: TEST_SECRET,
    publicUrl: 'http://clarion.test',
  });
  const lane = deliveryWorker({
    pool: t.database.pool,
    clock: t.clock,
    workerId,
    senderFor: senders,
  });
  return { lane, senders };
};

describe('many one-message executions', () => {
  it(
    'are each delivered exactly once by two workers sharing them',
    { timeout: 120_000 },
    async () => {
      const sandboxId = await prodSandbox(t);
      const configuration = await smtpConfiguration(t, sandboxId, sink.port);
      const ids = await storeCalls(t, sandboxId, configuration, CALLS, t.clock.now());

      const workers = [worker('a'), worker('b')];
      const drained = await Promise.all(workers.map((w) => w.lane.drain()));
      // Each batch was sent by one of them, and both took part.
      expect(drained[0]! + drained[1]!).toBe(CALLS);
      expect(drained.every((n) => n > 0)).toBe(true);
      for (const w of workers) {
        await w.lane.stop();
        await w.senders.close();
      }

      const counts = receivedCounts(sink.received);
      expect(counts.size).toBe(CALLS);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(counts.get(buyer(0))).toBe(1);
      expect(counts.get(buyer(CALLS - 1))).toBe(1);
      // Each message carries its own call's data, with the Message-ID of its own execution.
      const mails = await Promise.all(sink.received.slice(0, 20).map((m) => simpleParser(m.raw)));
      for (const mail of mails) {
        const to = mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined;
        const n = Number(/^buyer(\d+)@/.exec(to ?? '')?.[1]);
        expect(mail.subject).toBe(`Order ${n} confirmed`);
        expect(mail.messageId?.startsWith(`<${ids[n]}.buyer${n}%40`)).toBe(true);
      }

      const messages = await t.database.pool.query<{ status: string; attempts: number; n: number }>(
        `SELECT status, attempts, count(*)::int AS n FROM messages
        WHERE execution_id = ANY($1::uuid[]) GROUP BY 1, 2`,
        [ids],
      );
      expect(messages.rows).toEqual([{ status: 'sent', attempts: 1, n: CALLS }]);
      const executions = await t.database.pool.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM executions WHERE id = ANY($1::uuid[]) GROUP BY 1',
        [ids],
      );
      expect(executions.rows).toEqual([{ status: 'completed', n: CALLS }]);
    },
  );
});
