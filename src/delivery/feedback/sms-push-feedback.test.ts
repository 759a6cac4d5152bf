// Feedback beyond email: Twilio status callbacks signed as Twilio signs them, and a Web Push
// service that answers 410 for a dead subscription.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import type { HttpPeer } from '../../channels/providers/testing/http-peer.ts';
import type { TestApp } from '../../http/testing.ts';
import { FeedbackWorld } from './feedback.testing.ts';
import { twilioSignature } from './twilio.ts';

const world = new FeedbackWorld();
const { people, send, message, suppression, feedbackRows } = world;
let t: TestApp;
let peer: HttpPeer;
let sandboxId: string;
let email: Configuration;
let sms: Configuration;
let push: Configuration;

beforeAll(async () => {
  await world.start();
  ({ t, peer, sandboxId, email, sms, push } = world);
});

afterAll(() => world.close());

describe('Twilio status callbacks', () => {
  const callback = (
    configurationId: string,
    params: Record<string, string>,
    signature?: string,
  ) => {
    const body = new URLSearchParams(params).toString();
    const url = `/webhooks/twilio/${configurationId}`;
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature':
          signature ??
          twilioSignature(
            'twilio-auth-token',
            `http://clarion.test${url}`,
            new URLSearchParams(params),
          ),
      },
      payload: body,
    });
  };
  const sid = (phone: string) => 'SM' + createHash('md5').update(phone).digest('hex');

  it('refuses a wrong signature with 401; a permanent error fails the message and suppresses', async () => {
    const executionId = await send(sms, ['dead', 'fine']);
    expect((await message(executionId, 'dead'))?.status).toBe('sent');
    // Each SMS asks Twilio to report to the configuration's callback.
    const asked = peer.requests
      .filter((r) => r.path.endsWith('/Messages.json'))
      .map((r) => new URLSearchParams(r.body.toString()).get('StatusCallback'));
    expect(asked).toEqual([
      `http://clarion.test/webhooks/twilio/${sms.id}`,
      `http://clarion.test/webhooks/twilio/${sms.id}`,
    ]);
    const failed = {
      AccountSid: 'AC1',
      MessageSid: sid('+442079460005'),
      MessageStatus: 'undelivered',
      ErrorCode: '30005',
      To: '+442079460005',
      From: '+442079460000',
    };
    const forged = await callback(sms.id, failed, 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.statusCode).toBe(401);
    const tampered = await callback(
      sms.id,
      { ...failed, To: '+442079460006' },
      twilioSignature(
        'twilio-auth-token',
        `http://clarion.test/webhooks/twilio/${sms.id}`,
        new URLSearchParams(failed),
      ),
    );
    expect(tampered.statusCode).toBe(401);
    expect((await message(executionId, 'dead'))?.status).toBe('sent');
    expect(await suppression('sms', '+442079460005')).toBeUndefined();

    const signed = await callback(sms.id, failed);
    expect(signed.statusCode, signed.body).toBe(204);
    expect(await message(executionId, 'dead')).toMatchObject({
      status: 'failed',
      reason: 'hardBounce',
    });
    expect(await suppression('sms', '+442079460005')).toMatchObject({ category: 'hardBounce' });
    expect(
      (await feedbackRows('+442079460005')).map((r) => [r.kind, r.source, r.status_code]),
    ).toEqual([['hard', 'callback', '30005']]);

    const delivered = await callback(sms.id, {
      AccountSid: 'AC1',
      MessageSid: sid('+442079460006'),
      MessageStatus: 'delivered',
      To: '+442079460006',
    });
    expect(delivered.statusCode).toBe(204);
    expect((await message(executionId, 'fine'))?.status).toBe('delivered');
  });

  it('answers 401 for a configuration it does not know or without an auth token', async () => {
    expect((await callback('00000000-0000-4000-8000-000000000000', { A: '1' })).statusCode).toBe(
      401,
    );
    expect((await callback(email.id, { A: '1' })).statusCode).toBe(401);
    expect((await callback('not-an-id', { A: '1' })).statusCode).toBe(401);
  });
});

describe('push', () => {
  it('a token the platform calls dead is deactivated', async () => {
    const executionId = await send(push, ['device']);
    expect(await message(executionId, 'device')).toMatchObject({ status: 'failed' });
    const tokens = await t.database.pool.query<{
      active: boolean;
      deactivated_reason: string | null;
    }>(
      'SELECT active, deactivated_reason FROM push_tokens WHERE sandbox_id = $1 AND profile_id = $2',
      [sandboxId, people.get('device')],
    );
    expect(tokens.rows.map((r) => r.active)).toEqual([false]);
    expect(tokens.rows[0]?.deactivated_reason).toContain('410');
    const rows = await feedbackRows(`${peer.url}/push/gone/1`);
    expect(rows.map((r) => [r.kind, r.source])).toEqual([['hard', 'send']]);
    // Nothing is suppressed for push; the next send finds no token.
    expect(await suppression('push', `${peer.url}/push/gone/1`)).toBeUndefined();
    const again = await send(push, ['device']);
    expect(await message(again, 'device')).toMatchObject({
      status: 'excluded',
      reason: 'PushNoTokenFoundInProfile',
    });
  });
});
