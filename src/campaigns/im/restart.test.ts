// An accepted call survives its server: a `clarion start` answers 202 and is killed at once
// (SIGKILL, before it sends anything); a `clarion worker` started afterwards delivers the message
// to a real SMTP server, with the call's context.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rsaKeyPair } from '../../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../../channels/providers/testing/smtp-sink.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../../http/testing.ts';
import { runClarion, type RunningClarion } from '../../testing/processes.ts';
import { act, createCampaign, createProfile, type Headers } from '../testing/fixtures.ts';

let t: TestApp;
let sink: SmtpSink;
let admin: Headers;
const processes: RunningClarion[] = [];

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
  admin = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited()));
  await sink.close();
  await t.close();
});

it(
  'a 202 answered by a server killed right after is delivered by a worker started later',
  { timeout: 180_000 },
  async () => {
    const keys = rsaKeyPair();
    const created = await t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: admin,
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
          retryPeriodMinutes: 10,
          softBounceThreshold: 5,
          sendToSpamComplainers: false,
          seedList: [],
          dkim: { domain: 'shop.example.com', selector: 's1' },
          provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
        },
        credentials: { dkimPrivateKey: keys.privatePem },
      },
    });
    const configurationId = created.json<{ id: string }>().id;
    const activeConfig = await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configurationId}/activate`,
      headers: admin,
    });
    expect(activeConfig.statusCode, activeConfig.body).toBe(200);
    await createProfile(t, admin, {
      identities: [{ namespace: 'email', value: 'ana@example.com' }],
    });
    const campaign = await createCampaign(t, admin, {
      name: 'Order shipped',
      type: 'api',
      category: 'transactional',
      action: { channel: 'email', configurationId },
      content: {
        mode: 'single',
        content: {
          subject: 'Parcel {{context.parcel}} is on its way',
          format: 'html',
          body: '<p>Track it.</p>',
        },
      },
      trigger: { createProfiles: false, highThroughput: false, feedback: false },
    });
    const activated = await act(t, admin, campaign.id, 'activate');
    expect(activated.body.status, JSON.stringify(activated.body)).toBe('live');

    const env = {
      DATABASE_URL: t.database.url,
      CLARION_DATA_DIR: '/tmp/clarion-im-restart',
      CLARION_SECRET: TEST_SECRET,
      CLARION_DEMO: 'false',
      LOG_LEVEL: 'warn',
    };
    // A server that accepts calls but sends nothing itself.
    const server = runClarion(['start', '--port', '0', '--host', '127.0.0.1'], {
      ...env,
      CLARION_DELIVERY_LANES: '0',
    });
    processes.push(server);
    const [, url] = await server.waitFor(/Clarion is running: (http:\/\/[^\s]+)/, 90_000);
    const response = await fetch(`${url}/ajo/im/executions/unitary`, {
      method: 'POST',
      headers: {
        ...admin,
        'content-type': 'application/json',
        'x-sandbox-name': 'prod',
        'x-api-key': 'client',
        'x-gw-ims-org-id': 'org',
      },
      body: JSON.stringify({
        requestId: 'parcel-1',
        campaignId: campaign.id,
        recipients: [
          {
            type: 'aep',
            userId: 'ana@example.com',
            namespace: 'email',
            context: { parcel: 'ZX-42' },
          },
        ],
      }),
    });
    expect(response.status).toBe(202);
    server.child.kill('SIGKILL');
    await server.exited();
    expect(sink.received).toHaveLength(0);

    const worker = runClarion(['worker'], { ...env, CLARION_DELIVERY_LANES: '1' });
    processes.push(worker);
    const deadline = Date.now() + 90_000;
    while (sink.received.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.received).toHaveLength(1);
    const mail = await simpleParser(sink.received[0]!.raw);
    expect(mail.subject).toBe('Parcel ZX-42 is on its way');
    expect(sink.received[0]!.rcptTo).toEqual(['ana@example.com']);
  },
);
