// A sandbox with something in every kind of storage: a profile with identities and consent, a
// dataset with a row, an audience snapshot, an execution with a message, a tracking event and
// webhook progress, an orchestrated run with a worktable and an uploaded file's table. The API
// creates what it readily can; executions and orchestration rows are written directly.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestApp } from './testing.ts';
import { worktableName } from '../orchestration/engine/worktables.ts';

export interface SeededSandbox {
  id: string;
  headers: Record<string, string>;
  /** Its dataset table, snapshot partition and worktables, as `schema.name`. */
  relations: string[];
}

function created(response: LightMyRequestResponse): { id: string } {
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

export async function seedSandbox(t: TestApp, name: string): Promise<SeededSandbox> {
  const sandbox = created(
    await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: await t.adminHeaders(),
      payload: { name, title: name },
    }),
  );
  const h = await t.keyHeaders('campaignAdministrator', name);
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: h, payload });

  const profile = created(
    await post('/profiles', {
      identities: [
        { namespace: 'email', value: `ada@${name}.example` },
        { namespace: 'crmId', value: `C-${name}` },
      ],
      attributes: { tier: 'gold' },
      consent: { email: 'y' },
    }),
  );
  const consent = await t.app.inject({
    method: 'PUT',
    url: `/profiles/${profile.id}/consent`,
    headers: h,
    payload: { channel: 'sms', status: 'n' },
  });
  expect(consent.statusCode, consent.body).toBe(200);

  created(
    await post('/datasets', {
      name: 'purchases',
      title: 'Purchases',
      columns: [{ name: 'order_id', type: 'string', nullable: false }],
      primaryKey: ['order_id'],
    }),
  );
  const rows = await post('/datasets/purchases/rows', { rows: [{ order_id: 'A1' }] });
  expect(rows.json()).toEqual({ upserted: 1 });

  const audience = created(
    await post('/audiences', {
      name: 'Gold',
      rule: {
        version: 1,
        root: {
          kind: 'attribute',
          path: 'tier',
          type: 'string',
          operator: 'equals',
          value: 'gold',
        },
      },
    }),
  );
  const snapshot = created(await post(`/audiences/${audience.id}/snapshots`, {}));

  const worktables = await seedDirectly(t, sandbox.id, profile.id);
  return {
    id: sandbox.id,
    headers: h,
    relations: [
      `clarion_datasets.ds_${sandbox.id.replace(/-/g, '').slice(0, 12)}_purchases`,
      `clarion_snapshots.members_${snapshot.id.replace(/-/g, '')}`,
      ...worktables.map((w) => `clarion_work.${w}`),
    ],
  };
}

/** Rows whose API needs a whole campaign set up; returns the worktables it created. */
async function seedDirectly(t: TestApp, sandboxId: string, profileId: string): Promise<string[]> {
  const db = t.db;
  const now = t.clock.now();
  const execution = await sql<{ id: string }>`
    INSERT INTO executions (sandbox_id, action_id, channel, category, configuration_id, content,
                            batch_size, status, created_by, created_at, starts_at)
    VALUES (${sandboxId}, 'email', 'email', 'marketing', gen_random_uuid(), '{}', 100,
            'completed', 'test', ${now}, ${now})
    RETURNING id`.execute(db);
  const executionId = execution.rows[0]!.id;
  await sql`
    INSERT INTO messages (sandbox_id, execution_id, recipient_key, action_id, profile_id, address,
                          status, created_at, updated_at)
    VALUES (${sandboxId}, ${executionId}, ${profileId}, 'email', ${profileId}, 'ada@example.com',
            'sent', ${now}, ${now})`.execute(db);
  await sql`
    INSERT INTO tracking_events (sandbox_id, execution_id, recipient_key, action_id, profile_id, kind, at)
    VALUES (${sandboxId}, ${executionId}, ${profileId}, 'email', ${profileId}, 'open', ${now})`.execute(
    db,
  );
  await sql`
    INSERT INTO webhook_progress (sandbox_id, execution_id, seen_until)
    VALUES (${sandboxId}, ${executionId}, ${now})`.execute(db);

  const campaign = await sql<{ id: string }>`
    INSERT INTO orchestrated_campaigns (sandbox_id, name, status, definition, error_policy,
                                        created_by, created_at, updated_by, updated_at)
    VALUES (${sandboxId}, 'Weekly', 'draft', '{}', '{}', 'test', ${now}, 'test', ${now})
    RETURNING id`.execute(db);
  const run = await sql<{ id: string }>`
    INSERT INTO orchestrated_runs (sandbox_id, campaign_id, run_no, mode, trigger, status,
                                   definition, created_by, started_at)
    VALUES (${sandboxId}, ${campaign.rows[0]!.id}, 1, 'test', 'manual', 'completed', '{}', 'test', ${now})
    RETURNING id`.execute(db);
  const population = worktableName(run.rows[0]!.id, 'query', 'out');
  const fileId = crypto.randomUUID();
  const file = `file_${fileId.replace(/-/g, '')}`;
  await sql`
    INSERT INTO orchestrated_files (sandbox_id, id, name, size_bytes, line_count, table_name,
                                    headers, created_by, created_at)
    VALUES (${sandboxId}, ${fileId}, 'list.csv', 10, 1, ${file}, '{email}', 'test', ${now})`.execute(
    db,
  );
  for (const table of [population, file]) {
    await sql`CREATE TABLE ${sql.id('clarion_work', table)} (profile_id uuid)`.execute(db);
    await sql`INSERT INTO ${sql.id('clarion_work', table)} VALUES (${profileId})`.execute(db);
  }
  return [population, file];
}
