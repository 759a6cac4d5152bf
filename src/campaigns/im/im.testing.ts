// The execution API's test setup: a test app on a moving clock, an administrator, an AJO client's
// headers, two profiles of group "im" (John and Jane), a transactional mailbox and a live
// API-triggered order confirmation campaign, plus short ways to make campaigns live and to call.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import type { Campaign, CampaignCreate } from '../model.ts';
import {
  act,
  createCampaign,
  createProfile,
  emailConfiguration,
  type Headers,
} from '../testing/fixtures.ts';

const ORDER_EMAIL = {
  subject: 'Order {{context.order.id}} confirmed',
  format: 'html' as const,
  body: '<p>Hi {{profile.person.name.firstName}},</p><ul>{{#each context.order.items}}<li>{{this.qty}} × {{this.name}}</li>{{/each}}</ul>',
};

export interface ImApp {
  clock: TestClock;
  /** Set once the file's beforeAll has run, like the fields below. */
  t: TestApp;
  admin: Headers;
  /** What AJO clients send: a bearer token, x-api-key (their client id), the org and the sandbox. */
  ajo: Headers;
  /** The transactional mailbox configuration campaigns send through unless they say otherwise. */
  mailbox: string;
  /** The live "Order confirmation" campaign (order id and line items from the context). */
  receipts: Campaign;
  /** An API-triggered transactional order email through the mailbox, activated. */
  liveCampaign: (body: Partial<CampaignCreate> & Pick<CampaignCreate, 'name'>) => Promise<Campaign>;
  /** POSTs a payload as the AJO client (or with other headers). */
  call: (path: string, payload: unknown, headers?: Headers) => Promise<LightMyRequestResponse>;
}

export function unitary(campaignId: string, requestId: string, recipients: unknown[]) {
  return { requestId, campaignId, recipients };
}

export function useImApp(): ImApp {
  const h = { clock: new TestClock(new Date('2026-11-27T10:00:00Z')) } as ImApp;

  h.liveCampaign = async (body) => {
    const campaign = await createCampaign(h.t, h.admin, {
      type: 'api',
      category: 'transactional',
      action: { channel: 'email', configurationId: h.mailbox },
      content: { mode: 'single', content: ORDER_EMAIL },
      trigger: { createProfiles: false, highThroughput: false, feedback: false },
      ...body,
    });
    const activated = await act(h.t, h.admin, campaign.id, 'activate');
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body.status).toBe('live');
    return activated.body;
  };

  h.call = (path, payload, headers = h.ajo) =>
    h.t.app.inject({ method: 'POST', url: path, headers, payload: payload as object });

  beforeAll(async () => {
    h.t = await createTestApp({ clock: h.clock });
    h.admin = await h.t.keyHeaders('campaignAdministrator');
    h.ajo = {
      ...(await h.t.keyHeaders('campaignManager')),
      'x-api-key': 'my-client-id',
      'x-gw-ims-org-id': '1234@AdobeOrg',
      'x-sandbox-name': 'prod',
    };
    h.mailbox = (await emailConfiguration(h.t, h.admin, 'Receipts', 'transactional')).id;
    await createProfile(h.t, h.admin, {
      identities: [{ namespace: 'email', value: 'john@example.com' }],
      attributes: { person: { name: { firstName: 'John' } }, group: 'im' },
    });
    await createProfile(h.t, h.admin, {
      identities: [{ namespace: 'email', value: 'jane@example.com' }],
      attributes: { person: { name: { firstName: 'Jane' } }, group: 'im' },
    });
    h.receipts = await h.liveCampaign({ name: 'Order confirmation' });
  });
  afterAll(async () => {
    await h.t?.close();
  });
  return h;
}
