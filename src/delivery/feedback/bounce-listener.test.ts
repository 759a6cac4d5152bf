// Bounces and complaints by email: emails sent through the pipeline to an SMTP sink, reports
// composed as receiving servers write them and delivered over SMTP to the bounce listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import type { SmtpSink } from '../../channels/providers/testing/smtp-sink.ts';
import type { TestApp } from '../../http/testing.ts';
import { BOUNCES, FeedbackWorld } from './feedback.testing.ts';
import type { BounceListener } from './listener.ts';
import { buildArf, buildDsn, deliver, returnedHeaders } from './testing/reports.ts';

const world = new FeedbackWorld();
const { people, send, message, suppression, feedbackRows } = world;
let t: TestApp;
let h: Record<string, string>;
let sink: SmtpSink;
let listener: BounceListener;
let email: Configuration;

beforeAll(async () => {
  await world.start();
  ({ t, h, sink, listener, email } = world);
});

afterAll(() => world.close());

const token = (name: string) => people.get(name)!.replace(/-/g, '');
const verp = (name: string) => `bounces+${token(name)}@shop.example.com`;
const messageId = (executionId: string, name: string) =>
  `<${executionId}.${people.get(name)}@shop.example.com>`;

function softDsn(executionId: string, name: string, address: string) {
  return buildDsn({
    to: verp(name),
    recipient: address,
    action: 'failed',
    status: '4.2.2',
    diagnostic: `452 4.2.2 <${address}>: Mailbox full`,
    returned: returnedHeaders({ to: address, messageId: messageId(executionId, name) }),
  });
}

describe('the bounce listener', () => {
  it('a DSN for a hard bounce suppresses the address and fails the message', async () => {
    const executionId = await send(email, ['hard']);
    expect((await message(executionId, 'hard'))?.status).toBe('sent');
    const sent = sink.received.find((m) => m.rcptTo.includes('hard@example.com'))!;
    expect(sent.mailFrom).toBe(verp('hard'));

    await deliver(
      listener.port,
      sent.mailFrom,
      await buildDsn({
        to: sent.mailFrom,
        recipient: 'hard@example.com',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown',
        returned: returnedHeaders({
          to: 'hard@example.com',
          messageId: messageId(executionId, 'hard'),
          returnPath: sent.mailFrom,
        }),
      }),
    );

    expect(await suppression('email', 'hard@example.com')).toEqual({
      category: 'hardBounce',
      reason: '5.1.1 550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown',
    });
    expect(await feedbackRows('hard@example.com')).toEqual([
      {
        kind: 'hard',
        source: 'dsn',
        execution_id: executionId,
        recipient_key: people.get('hard'),
        profile_id: people.get('hard'),
        status_code: '5.1.1',
        diagnostic: '550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown',
      },
    ]);
    expect(await message(executionId, 'hard')).toMatchObject({
      status: 'failed',
      reason: 'hardBounce',
    });
    // The suppression list shows it, and the next send excludes the address.
    const listed = await t.app.inject({
      method: 'GET',
      url: '/suppressions?category=hardBounce',
      headers: h,
    });
    expect(listed.json<{ items: { address: string }[] }>().items.map((s) => s.address)).toContain(
      'hard@example.com',
    );
    const again = await send(email, ['hard']);
    expect(await message(again, 'hard')).toMatchObject({
      status: 'excluded',
      reason: 'Suppressed',
    });
  });

  it('five soft bounces suppress at threshold 5; four do not, and a repeated report counts once', async () => {
    const executions: string[] = [];
    for (let i = 0; i < 5; i++) executions.push(await send(email, ['full', 'four']));
    for (const [i, executionId] of executions.entries()) {
      await deliver(
        listener.port,
        verp('full'),
        await softDsn(executionId, 'full', 'full@example.com'),
      );
      if (i < 4) {
        await deliver(
          listener.port,
          verp('four'),
          await softDsn(executionId, 'four', 'four@example.com'),
        );
        expect(await suppression('email', 'full@example.com')).toBeUndefined();
      }
    }
    // The first message's report arrives twice: still four messages.
    await deliver(
      listener.port,
      verp('four'),
      await softDsn(executions[0]!, 'four', 'four@example.com'),
    );
    expect(await suppression('email', 'full@example.com')).toMatchObject({
      category: 'softBounce',
    });
    expect((await suppression('email', 'full@example.com'))?.reason).toMatch(/^5 soft bounces/);
    expect(await suppression('email', 'four@example.com')).toBeUndefined();
    expect((await feedbackRows('four@example.com')).map((r) => r.kind)).toEqual(
      Array(5).fill('soft'),
    );
    expect(await message(executions[0]!, 'four')).toMatchObject({
      status: 'failed',
      reason: 'softBounce',
    });
  });

  it('an ARF abuse report to the plain bounce address suppresses as a spam complaint', async () => {
    const executionId = await send(email, ['spam']);
    await deliver(
      listener.port,
      BOUNCES,
      await buildArf({
        to: BOUNCES,
        feedbackType: 'abuse',
        originalMailFrom: verp('spam'),
        returned: returnedHeaders({
          to: 'spam@example.com',
          messageId: messageId(executionId, 'spam'),
        }),
      }),
    );
    expect(await suppression('email', 'spam@example.com')).toMatchObject({
      category: 'spamComplaint',
    });
    expect((await feedbackRows('spam@example.com')).map((r) => [r.kind, r.source])).toEqual([
      ['complaint', 'arf'],
    ]);
    expect((await message(executionId, 'spam'))?.status).toBe('delivered');
  });

  it('a delayed notice is recorded and changes nothing', async () => {
    const executionId = await send(email, ['delayed']);
    await deliver(
      listener.port,
      verp('delayed'),
      await buildDsn({
        to: verp('delayed'),
        recipient: 'delayed@example.com',
        action: 'delayed',
        status: '4.4.1',
        diagnostic: '421 4.4.1 Connection timed out',
      }),
    );
    expect((await feedbackRows('delayed@example.com')).map((r) => r.kind)).toEqual(['ignored']);
    expect((await message(executionId, 'delayed'))?.status).toBe('sent');
    expect(await suppression('email', 'delayed@example.com')).toBeUndefined();
  });

  it('accepts and ignores a DSN for an unknown VERP token; refuses other addresses', async () => {
    const before = await t.database.pool.query('SELECT count(*)::int AS n FROM delivery_feedback');
    const unknown = `bounces+${'f'.repeat(32)}@shop.example.com`;
    await deliver(
      listener.port,
      unknown,
      await buildDsn({
        to: unknown,
        recipient: 'nobody@example.com',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 no such user',
      }),
    );
    const after = await t.database.pool.query('SELECT count(*)::int AS n FROM delivery_feedback');
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(await suppression('email', 'nobody@example.com')).toBeUndefined();
    await expect(
      deliver(listener.port, 'postmaster@elsewhere.example', Buffer.from('Subject: x\r\n\r\nx')),
    ).rejects.toThrow(/550/);
  });

  it('a recipient refused at send time is suppressed as a hard bounce', async () => {
    const executionId = await send(email, ['gone']);
    expect(await message(executionId, 'gone')).toMatchObject({
      status: 'failed',
      reason: 'permanent',
    });
    expect(await suppression('email', 'gone@example.com')).toMatchObject({
      category: 'hardBounce',
    });
    expect((await feedbackRows('gone@example.com')).map((r) => [r.kind, r.source])).toEqual([
      ['hard', 'send'],
    ]);
  });
});
