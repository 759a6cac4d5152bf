// Stopping an execution: waiting messages are excluded with CampaignStopped and their batches end;
// a batch a worker holds finishes what it has in flight, and the execution stays cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../channels/model.ts';
import { claimNextBatch, finishBatch, recordOutcomes, startBatch } from './batches.ts';
import { cancelExecution } from './cancel.ts';
import { deliveryWorker, type ExecutionSender, type SendOutcome } from './dispatch.ts';
import {
  bulkProfiles,
  mailboxConfiguration,
  plan,
  plannedRows,
  startPlanTest,
  tally,
  type PlanTest,
} from './plan-testing.ts';

let test: PlanTest;
let marketing: Configuration;
let recipients: string[];

beforeAll(async () => {
  test = await startPlanTest('2026-09-01T08:00:00Z');
  marketing = await mailboxConfiguration(test, 'Newsletter', 'marketing');
  recipients = await bulkProfiles(test, 'stop', 5);
});
afterAll(async () => test.t.close());

const executionOf = async (id: string) =>
  (
    await test.t.database.pool.query<{ status: string; finished_at: Date | null }>(
      'SELECT status, finished_at FROM executions WHERE id = $1',
      [id],
    )
  ).rows[0];
const batchesOf = async (id: string) =>
  (
    await test.t.database.pool.query<{ batch_no: number; status: string }>(
      'SELECT batch_no, status FROM execution_batches WHERE execution_id = $1 ORDER BY batch_no',
      [id],
    )
  ).rows.map((b) => b.status);

describe('cancelling an execution', () => {
  it('stops what is waiting and lets the batch in flight finish', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: recipients },
      batchSize: 2,
    });
    expect(planned.batches).toBe(3);
    const pool = test.t.database.pool;
    const batch = (await claimNextBatch(pool, 'worker-a', test.clock.now(), 60_000))!;
    const inFlight = await startBatch(pool, batch, test.clock.now());
    expect(inFlight).toHaveLength(2);

    test.clock.advance(1000);
    expect(await cancelExecution(pool, test.sandboxId, planned.id, test.clock.now())).toBe(3);
    expect(await executionOf(planned.id)).toEqual({
      status: 'cancelled',
      finished_at: test.clock.now(),
    });
    expect(await batchesOf(planned.id)).toEqual(['claimed', 'done', 'done']);

    // The worker finishes its batch: one sent, one waiting for a retry that will not come.
    await recordOutcomes(
      pool,
      batch,
      [
        { ...inFlight[0]!, status: 'sent', reason: null, providerId: 'p1', error: null },
        {
          ...inFlight[1]!,
          status: 'retrying',
          reason: 'transient',
          providerId: null,
          error: '451',
        },
      ],
      test.clock.now(),
    );
    await finishBatch(
      pool,
      batch,
      'worker-a',
      test.clock.now(),
      new Date(test.clock.now().getTime() + 60_000),
    );
    expect(await batchesOf(planned.id)).toEqual(['done', 'done', 'done']);
    expect((await executionOf(planned.id))?.status).toBe('cancelled');
    const rows = [...(await plannedRows(test, planned.id)).values()];
    expect(tally(rows, (r) => `${r.status}:${r.reason}`)).toEqual({
      'sent:null': 1,
      'excluded:CampaignStopped': 4,
    });
    expect(await claimNextBatch(pool, 'worker-b', test.clock.now(), 60_000)).toBe(undefined);
  });

  it('stops messages waiting for a retry, and nothing is sent afterwards', async () => {
    const planned = await plan(test, marketing, { source: { profileIds: recipients } });
    const sent: string[] = [];
    const sender: ExecutionSender = {
      retryPeriodMs: 360 * 60_000,
      send: async (message): Promise<SendOutcome> => {
        sent.push(message.recipientKey);
        return message.recipientKey === recipients[0]
          ? { status: 'failed', kind: 'transient', reason: '451 4.3.0 try later' }
          : { status: 'sent', providerId: message.recipientKey };
      },
      close: async () => undefined,
    };
    const worker = deliveryWorker({
      pool: test.t.database.pool,
      clock: test.clock,
      workerId: 'w',
      senderFor: async () => sender,
    });
    expect(await worker.drain()).toBe(1);
    expect(sent).toHaveLength(5);
    expect(
      await cancelExecution(test.t.database.pool, test.sandboxId, planned.id, test.clock.now()),
    ).toBe(1);
    test.clock.advance(3_600_000);
    expect(await worker.drain()).toBe(0);
    expect(sent).toHaveLength(5);
    const rows = await plannedRows(test, planned.id);
    expect(rows.get(recipients[0]!)).toMatchObject({
      status: 'excluded',
      reason: 'CampaignStopped',
    });
    expect((await executionOf(planned.id))?.status).toBe('cancelled');
    await worker.stop();
  });

  it('refuses an execution that does not exist', async () => {
    await expect(
      cancelExecution(
        test.t.database.pool,
        test.sandboxId,
        '00000000-0000-4000-8000-000000000000',
        test.clock.now(),
      ),
    ).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });
});
