// What the campaign browser tests start from, through the API: an active marketing email
// configuration on the local mailbox, three profiles (two with email consent), a demo audience of
// all three, an active approval policy for email campaigns, and a manager and an approver.
import { generateKeyPairSync } from 'node:crypto';
import type { BrowserConsole } from './console.ts';

export const MANAGER = { email: 'manager@example.test', password: 'manager password 2026' };
export const APPROVER = { email: 'approver@example.test', password: 'approver password 2026' };
export const PEOPLE = [
  ['ann', 'Ann', 'y'],
  ['bob', 'Bob', 'n'],
  ['cyd', 'Cyd', 'y'],
] as const;

const DKIM_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

export interface Seeded {
  headers: Record<string, string>;
  configurationId: string;
  audienceId: string;
  policyId: string;
}

export async function seedCampaigns(c: BrowserConsole): Promise<Seeded> {
  const headers = await c.t.keyHeaders('campaignAdministrator');
  const post = async (url: string, payload: object) => {
    const response = await c.t.app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.body}`);
    return response.json<{ id: string }>();
  };
  const configuration = await post('/channel-configurations', {
    name: 'Demo mailbox',
    channel: 'email',
    category: 'marketing',
    settings: {
      senderName: 'Clarion Shop',
      senderAddress: 'news@shop.example.com',
      listUnsubscribe: { oneClick: true },
      urlParameters: [],
      retryPeriodMinutes: 360,
      softBounceThreshold: 5,
      sendToSpamComplainers: false,
      seedList: [],
      dkim: { domain: 'shop.example.com', selector: 's2026' },
      provider: { kind: 'mailbox' },
    },
    credentials: { dkimPrivateKey: DKIM_PEM },
  });
  await post(`/channel-configurations/${configuration.id}/activate`, {});
  for (const [id, firstName, consent] of PEOPLE)
    await post('/profiles', {
      identities: [{ namespace: 'email', value: `${id}@example.test` }],
      attributes: { person: { name: { firstName } }, demo: { group: 'spring' } },
      consent: { email: consent },
    });
  const audience = await post('/audiences', {
    name: 'Demo readers',
    rule: {
      version: 1,
      root: {
        kind: 'group',
        op: 'and',
        children: [
          {
            kind: 'attribute',
            path: 'demo.group',
            type: 'string',
            operator: 'equals',
            value: 'spring',
          },
        ],
      },
    },
  });
  const policy = await post('/approval-policies', {
    name: 'Email campaigns',
    match: { channels: ['email'] },
    approvers: { users: [], roles: ['campaignApprover'] },
    blockSelfApproval: true,
  });
  await post(`/approval-policies/${policy.id}/activate`, {});
  await c.addUser(MANAGER.email, MANAGER.password, 'campaignManager');
  await c.addUser(APPROVER.email, APPROVER.password, 'campaignApprover');
  return {
    headers,
    configurationId: configuration.id,
    audienceId: audience.id,
    policyId: policy.id,
  };
}
