// A 20,000-recipient email send shared by two `clarion worker` processes; one is SIGKILLed in
// the middle. After a replacement starts, the SMTP sink has received every recipient, and the
// only repeats are messages of the batch that was in flight when the process died.
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { rsaKeyPair } from '../channels/providers/testing/fixtures.ts';
import type { SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { getConfiguration } from '../channels/store.ts';
import type { TestApp } from '../http/testing.ts';
import { planExecution } from './plan.ts';
import { useWorkerProcesses } from './worker-processes.testing.ts';

const RECIPIENTS = 20_000;
const BATCH_SIZE = 200;

const processes = useWorkerProcesses('/tmp/clarion-delivery-crash');
const { workers, startWorker } = processes;
let t: TestApp;
let sink: SmtpSink;
beforeAll(() => {
  ({ t, sink } = processes);
});

async function executionStatus(id: string): Promise<string | undefined> {
  const found = await t.database.pool.query<{ status: string }>(
    'SELECT status FROM executions WHERE id = $1',
    [id],
  );
  return found.rows[0]?.status;
}

describe('a worker killed mid-send', () => {
  it(
    'loses no recipient and repeats at most its batch in flight',
    { timeout: 300_000 },
    async () => {
      const h = await t.keyHeaders('campaignAdministrator');
      const sandboxId = (
        await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
      ).rows[0]!.id;
      const made = await t.database.pool.query<{ id: string }>(
        `WITH p AS (INSERT INTO profiles (sandbox_id, attributes)
                  SELECT $1, jsonb_build_object('n', i) FROM generate_series(1, $2) AS i RETURNING id, attributes)
       INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
       SELECT $1, 'email', 'r' || (attributes->>'n') || '@example.com', id FROM p RETURNING profile_id AS id`,
        [sandboxId, RECIPIENTS],
      );
      const keys = rsaKeyPair();
      const created = await t.app.inject({
        method: 'POST',
        url: '/channel-configurations',
        headers: h,
        payload: {
          name: 'Receipts',
          channel: 'email',
          category: 'transactional',
          settings: {
            senderName: 'Shop',
            senderAddress: 'orders@shop.example.com',
            bounceAddress: 'bounces@shop.example.com',
            listUnsubscribe: { oneClick: false },
            urlParameters: [],
            retryPeriodMinutes: 60,
            softBounceThreshold: 5,
            sendToSpamComplainers: false,
            seedList: [],
            dkim: { domain: 'shop.example.com', selector: 's1' },
            provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
          },
          credentials: { dkimPrivateKey: keys.privatePem },
        },
      });
      const configId = created.json<Configuration>().id;
      const activated = await t.app.inject({
        method: 'POST',
        url: `/channel-configurations/${configId}/activate`,
        headers: h,
      });
      expect(activated.statusCode, activated.body).toBe(200);
      const config = await getConfiguration(channelsDb(t.database.db), sandboxId, configId);

      const client = await t.database.pool.connect();
      const planned = await planExecution(
        client,
        {
          sandboxId,
          actionId: 'receipt',
          channel: 'email',
          category: 'transactional',
          configurationId: configId,
          content: {
            subject: 'Order for {{profile.n}}',
            format: 'html',
            body: '<p>#{{profile.n}}</p>',
          },
          source: { profileIds: made.rows.map((r) => r.id) },
          batchSize: BATCH_SIZE,
          startsAt: new Date(),
          createdBy: 'test',
        },
        config,
        new Date(),
      );
      client.release();
      expect(planned.queued).toBe(RECIPIENTS);

      const doomed = startWorker();
      startWorker();
      for (let i = 0; i < 1200 && sink.received.length < RECIPIENTS / 4; i++) await sleep(50);
      expect(sink.received.length, doomed.output()).toBeGreaterThan(0);
      doomed.child.kill('SIGKILL');
      await doomed.exited();
      const atKill = sink.received.length;
      startWorker(); // the replacement
      for (let i = 0; i < 2400 && (await executionStatus(planned.id)) !== 'completed'; i++)
        await sleep(100);
      expect(await executionStatus(planned.id), workers.map((w) => w.output()).join('\n')).toBe(
        'completed',
      );
      expect(atKill).toBeLessThan(RECIPIENTS);

      // The sink's own record: every recipient at least once.
      const counts = new Map<string, number>();
      for (const mail of sink.received)
        for (const to of mail.rcptTo) counts.set(to, (counts.get(to) ?? 0) + 1);
      expect(counts.size).toBe(RECIPIENTS);
      const repeats = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
      expect(repeats).toBeLessThanOrEqual(BATCH_SIZE);
      // A repeat is the same message: same Message-ID, so the receiver can tell.
      const sample = await simpleParser(sink.received.at(-1)!.raw);
      expect(sample.messageId).toMatch(
        new RegExp(`^<${planned.id}\\.[0-9a-f-]+@shop\\.example\\.com>$`),
      );
      const unsent = await t.database.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM messages WHERE execution_id = $1 AND status <> 'sent'",
        [planned.id],
      );
      expect(unsent.rows[0]?.n).toBe(0);
    },
  );
});
