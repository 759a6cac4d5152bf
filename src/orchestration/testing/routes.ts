// Orchestrated campaigns over HTTP for the route tests: a test app on a test clock, headers of an
// administrator, a manager and a viewer, an email configuration, and short ways to call routes,
// create campaigns and act on them. Call it at the top of a test file: it registers the file's
// beforeAll and afterAll, and its fields are set once they have run.
import { afterAll, beforeAll, expect } from 'vitest';
import { emailConfiguration, type Headers } from '../../campaigns/testing/fixtures.ts';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import type { OrchestratedCampaign } from '../api-model.ts';
import type { WorkflowDefinition } from '../model.ts';
import { audience, email, scheduler, workflow } from './workflows.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RoutesHarness {
  clock: TestClock;
  t: TestApp;
  admin: Headers;
  manager: Headers;
  viewer: Headers;
  configurationId: string;
  call: (
    h: Headers,
    method: Method,
    url: string,
    payload?: object,
  ) => Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }>;
  create: (name: string, definition?: WorkflowDefinition) => Promise<OrchestratedCampaign>;
  act: (
    h: Headers,
    id: string,
    verb: string,
    payload?: object,
  ) => ReturnType<RoutesHarness['call']>;
  /** Scheduler on a signal → everyone → an email. */
  signalFlow: () => WorkflowDefinition;
}

export function useRoutesHarness(): RoutesHarness {
  const h = { clock: new TestClock(new Date('2026-11-27T10:00:00Z')) } as RoutesHarness;
  h.call = async (headers, method, url, payload) => {
    const r = await h.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return {
      status: r.statusCode,
      body: r.body ? r.json<Record<string, unknown>>() : {},
      headers: r.headers,
    };
  };
  h.create = async (name, definition) => {
    const r = await h.t.app.inject({
      method: 'POST',
      url: '/orchestrated-campaigns',
      headers: h.manager,
      payload: { name, ...(definition ? { definition } : {}) },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<OrchestratedCampaign>();
  };
  h.act = (headers, id, verb, payload) =>
    h.call(headers, 'POST', `/orchestrated-campaigns/${id}/${verb}`, payload);
  h.signalFlow = () =>
    workflow(
      [
        scheduler('go', { frequency: 'signal' }),
        audience('everyone'),
        email('mail', h.configurationId),
      ],
      ['go>everyone', 'everyone>mail'],
    );
  beforeAll(async () => {
    h.t = await createTestApp({ clock: h.clock });
    h.admin = await h.t.keyHeaders('orchestratedCampaignAdministrator');
    h.manager = await h.t.keyHeaders('orchestratedCampaignManager');
    h.viewer = await h.t.keyHeaders('orchestratedCampaignViewer');
    h.configurationId = (await emailConfiguration(h.t, h.admin, 'News', 'marketing')).id;
  });
  afterAll(() => h.t.close());
  return h;
}
