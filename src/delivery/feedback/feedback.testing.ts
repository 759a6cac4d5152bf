// Bounces and feedback with real protocol peers on loopback: emails sent through the pipeline to
// an SMTP sink, reports delivered over SMTP to the bounce listener, Twilio's Messages API and a
// Web Push service that answers 410 for a dead subscription. Each test file starts its own world.
import { createECDH, createHash } from 'node:crypto';
import pino from 'pino';
import { expect } from 'vitest';
import { channelsDb } from '../../channels/db.ts';
import type { Configuration } from '../../channels/model.ts';
import { rsaKeyPair } from '../../channels/providers/testing/fixtures.ts';
import { startHttpPeer, type HttpPeer } from '../../channels/providers/testing/http-peer.ts';
import { startSmtpSink, type SmtpSink } from '../../channels/providers/testing/smtp-sink.ts';
import { newSubscriber } from '../../channels/providers/testing/webpush-decrypt.ts';
import { getConfiguration } from '../../channels/store.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../../profiles/model.ts';
import { deliveryWorker } from '../dispatch.ts';
import type { ExecutionRequest } from '../model.ts';
import { planExecution } from '../plan.ts';
import { executionSenders } from '../senders.ts';
import { startBounceListener, type BounceListener } from './listener.ts';

export const BOUNCES = 'bounces@shop.example.com';
const PUSH_APP = 'https://shop.example.com';

const CONTENT = {
  email: { subject: 'Our news', format: 'html', body: '<p>Hello</p>' },
  sms: { body: 'Hello' },
  push: { title: 'Hello', body: 'News' },
};

/**
 * An app with active email, SMS and push configurations and one profile per case. Its fields are
 * set by start(); the query functions are arrow properties so tests can destructure them.
 */
export class FeedbackWorld {
  t!: TestApp;
  h!: Record<string, string>;
  sink!: SmtpSink;
  peer!: HttpPeer;
  listener!: BounceListener;
  sandboxId!: string;
  email!: Configuration;
  sms!: Configuration;
  push!: Configuration;
  /** Profile ids by the name each case gives its person. */
  readonly people = new Map<string, string>();

  async start(): Promise<void> {
    this.t = await createTestApp();
    this.h = await this.t.keyHeaders('campaignAdministrator');
    this.sandboxId = (
      await this.t.database.pool.query<{ id: string }>(
        "SELECT id FROM sandboxes WHERE name = 'prod'",
      )
    ).rows[0]!.id;
    this.sink = await startSmtpSink((address) =>
      address.startsWith('gone@') ? [550, '5.1.1 <gone@example.com>: no such user'] : undefined,
    );
    // Twilio's Messages API (an SM sid per number) and a Web Push service.
    this.peer = await startHttpPeer((request) => {
      if (request.path.startsWith('/push/gone')) return { status: 410 };
      if (request.path.startsWith('/push/')) return { status: 201 };
      const to = new URLSearchParams(request.body.toString()).get('To') ?? '';
      return {
        status: 201,
        json: { sid: 'SM' + createHash('md5').update(to).digest('hex'), status: 'queued' },
      };
    });
    this.listener = await startBounceListener(
      {
        pool: this.t.database.pool,
        db: this.t.database.db,
        clock: this.t.clock,
        log: pino({ level: 'silent' }),
      },
      { port: 0, host: '127.0.0.1' },
    );
    await this.createPeople();
    await this.createConfigurations();
  }

  async close(): Promise<void> {
    await this.listener?.close();
    await this.sink?.close();
    await this.peer?.close();
    await this.t?.close();
  }

  private async createPeople(): Promise<void> {
    for (const name of ['hard', 'full', 'four', 'spam', 'gone', 'delayed'])
      await this.profile(name, [{ namespace: 'email', value: `${name}@example.com` }]);
    await this.profile('dead', [{ namespace: 'phone', value: '+442079460005' }]);
    await this.profile('fine', [{ namespace: 'phone', value: '+442079460006' }]);
    const pushed = await this.profile('device', [{ namespace: 'crmId', value: 'device-1' }]);
    const registered = await this.t.app.inject({
      method: 'POST',
      url: `/profiles/${pushed}/push-tokens`,
      headers: this.h,
      payload: {
        platform: 'web',
        appId: PUSH_APP,
        token: `${this.peer.url}/push/gone/1`,
        webKeys: newSubscriber().keys,
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
  }

  private async createConfigurations(): Promise<void> {
    const keys = rsaKeyPair();
    this.email = await this.activeConfiguration({
      name: 'Newsletter',
      channel: 'email',
      category: 'marketing',
      settings: {
        senderName: 'Shop',
        senderAddress: 'news@shop.example.com',
        bounceAddress: BOUNCES,
        listUnsubscribe: { oneClick: false, mailto: 'unsubscribe@shop.example.com' },
        urlParameters: [],
        retryPeriodMinutes: 360,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        dkim: { domain: 'shop.example.com', selector: 's1' },
        provider: { kind: 'smtp', host: '127.0.0.1', port: this.sink.port, security: 'none' },
      },
      credentials: { dkimPrivateKey: keys.privatePem },
    });
    this.sms = await this.activeConfiguration({
      name: 'Texts',
      channel: 'sms',
      category: 'marketing',
      settings: {
        senderNumber: '+442079460000',
        retryPeriodMinutes: 360,
        provider: { kind: 'twilio', baseUrl: this.peer.url, accountSid: 'AC1' },
      },
      credentials: { authToken: 'twilio-auth-token' },
    });
    const vapid = createECDH('prime256v1');
    vapid.generateKeys();
    this.push = await this.activeConfiguration({
      name: 'Pushes',
      channel: 'push',
      category: 'marketing',
      settings: {
        platform: 'web',
        appId: PUSH_APP,
        retryPeriodMinutes: 360,
        web: {
          subject: 'mailto:push@shop.example.com',
          publicKey: vapid.getPublicKey().toString('base64url'),
        },
      },
      credentials: { vapidPrivateKey: vapid.getPrivateKey().toString('base64url') },
    });
  }

  private async profile(name: string, identities: { namespace: string; value: string }[]) {
    const r = await this.t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: this.h,
      payload: { identities, consent: { email: 'y', sms: 'y', push: 'y' } },
    });
    expect(r.statusCode, r.body).toBe(201);
    this.people.set(name, r.json<Profile>().id);
    return r.json<Profile>().id;
  }

  private async activeConfiguration(body: object): Promise<Configuration> {
    const created = await this.t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: this.h,
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<Configuration>().id;
    const active = await this.t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${id}/activate`,
      headers: this.h,
    });
    expect(active.statusCode, active.body).toBe(200);
    return getConfiguration(channelsDb(this.t.database.db), this.sandboxId, id);
  }

  /** Plans and sends one execution to these people; its id. */
  send = async (config: Configuration, names: string[]): Promise<string> => {
    const t = this.t;
    const client = await t.database.pool.connect();
    const request: ExecutionRequest = {
      sandboxId: this.sandboxId,
      actionId: 'a1',
      channel: config.channel,
      category: 'marketing',
      configurationId: config.id,
      content: CONTENT[config.channel],
      source: { profileIds: names.map((n) => this.people.get(n)!) },
      startsAt: t.clock.now(),
      createdBy: 'test',
    };
    let planned;
    try {
      planned = await planExecution(client, request, config, t.clock.now());
    } finally {
      client.release();
    }
    const senderDeps = {
      pool: t.database.pool,
      db: t.database.db,
      clock: t.clock,
      secret: TEST_SECRET,
      publicUrl: 'http://clarion.test',
    };
    const worker = deliveryWorker({
      pool: t.database.pool,
      clock: t.clock,
      workerId: 'w1',
      senderFor: executionSenders(senderDeps),
    });
    await worker.drain();
    await worker.stop();
    return planned.id;
  };

  suppression = async (channel: string, address: string) => {
    const found = await this.t.database.pool.query<{ category: string; reason: string }>(
      'SELECT category, reason FROM suppressions WHERE sandbox_id = $1 AND channel = $2 AND address = $3',
      [this.sandboxId, channel, address],
    );
    return found.rows[0];
  };

  message = async (executionId: string, name: string) => {
    const found = await this.t.database.pool.query<{
      status: string;
      reason: string | null;
      error: string | null;
    }>(
      'SELECT status, reason, error FROM messages WHERE sandbox_id = $1 AND execution_id = $2 AND profile_id = $3',
      [this.sandboxId, executionId, this.people.get(name)],
    );
    return found.rows[0];
  };

  feedbackRows = async (address: string) => {
    const found = await this.t.database.pool.query<{
      kind: string;
      source: string;
      execution_id: string | null;
      recipient_key: string | null;
      profile_id: string | null;
      status_code: string | null;
      diagnostic: string;
    }>(
      'SELECT kind, source, execution_id, recipient_key, profile_id, status_code, diagnostic FROM delivery_feedback WHERE sandbox_id = $1 AND address = $2 ORDER BY id',
      [this.sandboxId, address],
    );
    return found.rows;
  };
}
