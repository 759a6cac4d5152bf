// Execution calls refused in AJO's error shape: every validation rule, campaigns that cannot take
// calls, a campaign's rate answered with 429 and Retry-After, missing credentials and a viewer.
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../testing/fixtures.ts';
import { unitary, useImApp } from './im.testing.ts';
import type { ImErrorBody } from './model.ts';

const im = useImApp();
const { clock, call, liveCampaign } = im;

describe('refused calls', () => {
  async function refused(path: string, body: unknown, status = 400) {
    const r = await call(path, body);
    expect(r.statusCode, r.body).toBe(status);
    const error = r.json<ImErrorBody>();
    expect(error).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:clarion:im:/) as string,
      title: expect.any(String) as string,
    });
    expect(typeof error.report.additionalContext).toBe('object');
    return error;
  }
  const aep = (userId: string) => ({ type: 'aep', userId, namespace: 'email' });

  it('answers each validation rule with 400 in AJO’s shape', async () => {
    const path = '/im/executions/unitary';
    const cases: [unknown, string][] = [
      [{ campaignId: im.receipts.id, recipients: [aep('john@example.com')] }, '/requestId'],
      [{ requestId: 'x', recipients: [aep('john@example.com')] }, '/campaignId'],
      [{ requestId: 'x', campaignId: im.receipts.id }, '/recipients'],
      [unitary(im.receipts.id, 'x', []), '/recipients'],
      [
        unitary(
          im.receipts.id,
          'x',
          Array.from({ length: 21 }, (_, i) => aep(`p${i}@example.com`)),
        ),
        '/recipients',
      ],
      [
        unitary(im.receipts.id, 'x', [aep('john@example.com'), aep('john@example.com')]),
        '/recipients/1/userId',
      ],
      [
        unitary(im.receipts.id, 'x', [{ type: 'robot', userId: 'a', namespace: 'email' }]),
        '/recipients/0/type',
      ],
      [unitary(im.receipts.id, 'x', [{ type: 'aep', namespace: 'email' }]), '/recipients/0/userId'],
      [
        unitary(im.receipts.id, 'x', [
          { ...aep('john@example.com'), channelData: { emailAddress: 'not-an-address' } },
        ]),
        '/recipients/0/channelData/emailAddress',
      ],
      [
        unitary(im.receipts.id, 'x', [{ type: 'aep', userId: 'a', namespace: 'nope' }]),
        '/recipients/0/namespace',
      ],
    ];
    for (const [body, field] of cases) {
      const error = await refused(path, body);
      expect(error.type, field).toBe('urn:clarion:im:IM_VALIDATION');
      expect(error.report.additionalContext.field, JSON.stringify(body).slice(0, 80)).toBe(field);
    }
    const big = await refused(
      path,
      unitary(im.receipts.id, 'x', [
        { ...aep('john@example.com'), context: { blob: 'x'.repeat(210 * 1024) } },
      ]),
    );
    expect(big.type).toBe('urn:clarion:im:IM_CONTEXT_TOO_LARGE');
    const unknown = await refused(path, unitary(im.receipts.id, 'x', [aep('nobody@example.com')]));
    expect(unknown).toMatchObject({
      type: 'urn:clarion:im:IM_PROFILE_NOT_FOUND',
      report: {
        additionalContext: {
          userId: 'nobody@example.com',
          requestId: 'x',
          campaignId: im.receipts.id,
        },
      },
    });
    const ht = await refused(
      '/im/executions/highthroughput',
      unitary(im.receipts.id, 'x', [aep('john@example.com')]),
    );
    expect(ht.report.additionalContext.field).toBe('/recipients/0/type');
  });

  it('refuses campaigns that are unknown, not live, not API-triggered, outside their window or of the other mode', async () => {
    const path = '/im/executions/unitary';
    const one = [aep('john@example.com')];
    expect((await refused(path, unitary('campaign-12345', 'x', one), 404)).type).toBe(
      'urn:clarion:im:IM_CAMPAIGN_NOT_FOUND',
    );
    const draft = await createCampaign(im.t, im.admin, {
      name: 'Draft api',
      type: 'api',
      category: 'transactional',
    });
    expect((await refused(path, unitary(draft.id, 'x', one))).type).toBe(
      'urn:clarion:im:IM_CAMPAIGN_NOT_LIVE',
    );
    const scheduled = await createCampaign(im.t, im.admin, { name: 'Scheduled one' });
    expect((await refused(path, unitary(scheduled.id, 'x', one))).type).toBe(
      'urn:clarion:im:IM_CAMPAIGN_TYPE',
    );
    const later = await liveCampaign({
      name: 'Black Friday receipts',
      trigger: {
        createProfiles: false,
        highThroughput: false,
        feedback: false,
        startAt: '2026-12-01T00:00:00Z',
      },
    });
    expect((await refused(path, unitary(later.id, 'x', one))).type).toBe(
      'urn:clarion:im:IM_OUTSIDE_WINDOW',
    );
    expect(
      (
        await refused(
          '/im/executions/highthroughput',
          unitary(im.receipts.id, 'x', [
            { type: 'external', userId: 'a@example.com', namespace: 'email' },
          ]),
        )
      ).type,
    ).toBe('urn:clarion:im:IM_CAMPAIGN_MODE');
  });

  it('answers 429 with Retry-After past the campaign’s rate', async () => {
    const limited = await liveCampaign({
      name: 'Limited',
      trigger: { createProfiles: false, highThroughput: false, feedback: false, ratePerSecond: 2 },
    });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await call(
        '/im/executions/unitary',
        unitary(limited.id, `rate-${i}`, [aep('john@example.com')]),
      );
      statuses.push(r.statusCode);
      if (r.statusCode === 429) retryAfter = String(r.headers['retry-after']);
    }
    expect(statuses).toEqual([202, 202, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    clock.advance(1000);
    expect(
      (
        await call(
          '/im/executions/unitary',
          unitary(limited.id, 'rate-9', [aep('john@example.com')]),
        )
      ).statusCode,
    ).toBe(202);
  });

  it('answers missing credentials and a viewer in AJO’s shape', async () => {
    const r = await im.t.app.inject({ method: 'POST', url: '/im/executions/unitary', payload: {} });
    expect(r.statusCode).toBe(401);
    expect(r.json<ImErrorBody>().type).toBe('urn:clarion:im:UNAUTHENTICATED');
    const viewer = await im.t.keyHeaders('campaignViewer');
    const forbidden = await call(
      '/im/executions/unitary',
      unitary(im.receipts.id, 'v', [aep('john@example.com')]),
      viewer,
    );
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json<ImErrorBody>().type).toBe('urn:clarion:im:FORBIDDEN');
  });
});
