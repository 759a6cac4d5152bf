import { createECDH } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { assertNever } from '../../platform/assert.ts';
import { activationProblems } from '../activation.ts';
import type { Configuration, Credentials } from '../model.ts';
import { createProviders } from './factory.ts';
import { emailSettings, outgoingEmail } from './testing/fixtures.ts';
import { startHttpPeer, type HttpPeer } from './testing/http-peer.ts';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.ts';
import { newSubscriber } from './testing/webpush-decrypt.ts';

// Nothing here reaches the database: only mailbox providers would, and none is sent through.
const db = openDatabase('postgres://unused@127.0.0.1:1/unused').db;
const clock = { now: () => new Date('2026-11-27T09:00:00Z') };
const deps = { sandboxId: '00000000-0000-4000-8000-000000000001', db, clock };

const common = {
  id: '00000000-0000-4000-8000-0000000000aa',
  name: 'c',
  description: '',
  category: 'transactional' as const,
  status: 'active' as const,
  credentialsSet: [],
  version: 1,
  createdBy: 'test',
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
  activatedAt: '2026-11-27T09:00:00.000Z',
};

let sink: SmtpSink;
let peer: HttpPeer;
beforeAll(async () => {
  sink = await startSmtpSink();
  peer = await startHttpPeer(() => ({ status: 201, json: { id: 'x', sid: 'SM1' } }));
});
afterAll(async () => {
  await sink.close();
  await peer.close();
  await db.destroy();
});

async function sendWith(configuration: Configuration, credentials: Credentials = {}) {
  const made = createProviders({ configuration, credentials }, deps);
  try {
    switch (made.channel) {
      case 'email':
        return await made.provider.send(outgoingEmail());
      case 'sms':
        return await made.provider.send({ messageId: 'm', to: '+14155550101', body: 'hi' });
      case 'push':
        return await made.provider.send({
          messageId: 'm',
          token: `${peer.url}/push/1`,
          webKeys: newSubscriber().keys,
          message: { title: 't', body: 'b' },
        });
      default:
        return assertNever(made);
    }
  } finally {
    await made.provider.close();
  }
}

describe('createProviders', () => {
  it('sends through the provider kind each configuration names', async () => {
    const smtp = {
      kind: 'smtp' as const,
      host: '127.0.0.1',
      port: sink.port,
      security: 'none' as const,
    };
    expect(
      await sendWith({ ...common, channel: 'email', settings: emailSettings({ provider: smtp }) }),
    ).toMatchObject({ status: 'sent' });
    expect(sink.received).toHaveLength(1);

    const http = { kind: 'http' as const, url: `${peer.url}/email` };
    await sendWith(
      { ...common, channel: 'email', settings: emailSettings({ provider: http }) },
      { apiKey: 'k' },
    );
    const sms = { senderNumber: '+14155550100', retryPeriodMinutes: 60 };
    await sendWith(
      {
        ...common,
        channel: 'sms',
        settings: { ...sms, provider: { kind: 'twilio', baseUrl: peer.url, accountSid: 'AC1' } },
      },
      { authToken: 't' },
    );
    await sendWith({
      ...common,
      channel: 'sms',
      settings: { ...sms, provider: { kind: 'webhook', url: `${peer.url}/sms` } },
    });
    const vapid = createECDH('prime256v1');
    vapid.generateKeys();
    await sendWith(
      {
        ...common,
        channel: 'push',
        settings: {
          platform: 'web',
          appId: 'https://shop.example.com',
          retryPeriodMinutes: 60,
          web: {
            subject: 'mailto:a@shop.example.com',
            publicKey: vapid.getPublicKey().toString('base64url'),
          },
        },
      },
      { vapidPrivateKey: vapid.getPrivateKey().toString('base64url') },
    );
    expect(peer.requests.map((r) => r.path)).toEqual([
      '/email',
      '/2010-04-01/Accounts/AC1/Messages.json',
      '/sms',
      '/push/1',
    ]);
  });

  it('a push configuration that captures to the mailbox needs no platform credentials', () => {
    const settings = {
      platform: 'apns' as const,
      appId: 'com.example.shop',
      retryPeriodMinutes: 60,
    };
    expect(
      activationProblems({ channel: 'push', category: 'marketing', settings }, {}),
    ).not.toEqual([]);
    expect(
      activationProblems(
        { channel: 'push', category: 'marketing', settings: { ...settings, mailbox: true } },
        {},
      ),
    ).toEqual([]);
  });
});
