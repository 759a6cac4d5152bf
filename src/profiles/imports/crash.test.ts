// An import killed mid-way leaves whole batches only, and running it again finishes the job
// without doing anything twice.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProfilesCsv } from '../../demo/people.ts';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import { runClarion } from '../../testing/processes.ts';

const PROFILES = 40_000;
let t: TestApp;
let file: string;
beforeAll(async () => {
  t = await createTestApp();
  file = join(mkdtempSync(join(tmpdir(), 'clarion-crash-')), 'people.csv');
  await pipeline(Readable.from(demoProfilesCsv(PROFILES, 7)), createWriteStream(file));
});
afterAll(async () => t.close());

const scalar = async (query: string) =>
  Number((await t.database.pool.query<{ n: string }>(query)).rows[0]?.n);
const env = () => ({
  DATABASE_URL: t.database.url,
  CLARION_DATA_DIR: join(tmpdir(), 'clarion-crash-data'),
});

describe('import crash and re-run', () => {
  it('a killed import leaves no partial profile, and a re-run completes it exactly', async () => {
    const run = runClarion(['import', 'profiles', file, '--batch-size', '1000'], env());
    let accepted = 0;
    for (let i = 0; i < 600 && accepted < 3000; i++) {
      await sleep(50);
      accepted = await scalar('SELECT coalesce(max(rows_accepted), 0) AS n FROM imports');
    }
    run.child.kill('SIGKILL');
    await run.exited();
    expect(accepted, run.output()).toBeGreaterThanOrEqual(3000);

    const profiles = await scalar('SELECT count(*) AS n FROM profiles');
    expect(profiles).toBeLessThan(PROFILES);
    // Progress is written in the batch's own transaction: what it says landed is exactly what landed.
    expect(profiles).toBe(await scalar('SELECT rows_accepted AS n FROM imports'));
    // Every committed profile is whole: its three identities are there with it.
    expect(
      await scalar(
        'SELECT count(*) AS n FROM (SELECT p.id FROM profiles p LEFT JOIN profile_identities i ON i.sandbox_id = p.sandbox_id AND i.profile_id = p.id GROUP BY p.id HAVING count(i.value) <> 3) AS incomplete',
      ),
    ).toBe(0);
    expect(await scalar("SELECT count(*) AS n FROM imports WHERE status = 'running'")).toBe(1);

    const again = runClarion(['import', 'profiles', file, '--batch-size', '1000'], env());
    expect(await again.exited()).toBe(0);
    const result = (
      await t.database.pool.query<{ rows_accepted: number; rows_rejected: number; status: string }>(
        'SELECT rows_accepted, rows_rejected, status FROM imports ORDER BY created_at DESC LIMIT 1',
      )
    ).rows[0]!;
    expect(result.status).toBe('completed');
    expect(Number(result.rows_accepted) + Number(result.rows_rejected)).toBe(PROFILES);
    expect(await scalar('SELECT count(*) AS n FROM profiles')).toBe(Number(result.rows_accepted));
    expect(
      await scalar(
        'SELECT count(*) AS n FROM (SELECT p.id FROM profiles p LEFT JOIN profile_identities i ON i.sandbox_id = p.sandbox_id AND i.profile_id = p.id GROUP BY p.id HAVING count(i.value) <> 3) AS incomplete',
      ),
    ).toBe(0);
    // Consent set by the first run was not recorded again by the second.
    expect(await scalar('SELECT count(*) AS n FROM consent_history')).toBe(
      await scalar('SELECT count(*) AS n FROM profile_consent'),
    );
  });
});
