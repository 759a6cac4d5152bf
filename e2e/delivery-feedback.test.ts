// The bounces and complaints page end to end: two reports in the feedback log, both listed
// newest first, then only the hard bounce once the kind filter is set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

describe.skipIf(!runSuite)('bounces and complaints console', () => {
  let c: BrowserConsole;
  beforeAll(async () => {
    c = await openConsole('delivery-feedback');
    const pool = c.t.database.pool;
    const prod = await pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'");
    const insert = `INSERT INTO delivery_feedback (sandbox_id, channel, source, kind, execution_id,
                      recipient_key, address, status_code, diagnostic, received_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
    await pool.query(insert, [
      prod.rows[0]!.id,
      'email',
      'dsn',
      'hard',
      randomUUID(),
      'r-1',
      'gone@example.com',
      '5.1.1',
      'smtp; 550 5.1.1 <gone@example.com>: no such user',
      new Date('2026-11-27T08:15:00Z'),
    ]);
    await pool.query(insert, [
      prod.rows[0]!.id,
      'email',
      'arf',
      'complaint',
      null,
      null,
      'annoyed@example.org',
      null,
      'abuse report from the receiving provider',
      new Date('2026-11-27T08:40:00Z'),
    ]);
  });
  afterAll(async () => {
    await c?.close();
  });

  it('lists the reports and filters them by kind', async () => {
    const { page } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const nav = c.nav();
    const link = nav.getByRole('link', { name: 'Bounces & complaints', exact: true });
    if (!(await link.isVisible())) await nav.getByText('Channels', { exact: true }).click();
    await link.click();
    await page.getByRole('heading', { level: 2, name: 'Bounces & complaints' }).waitFor();

    const table = page.getByRole('table', { name: 'Bounces and complaints' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    // Newest first.
    expect(await rows.nth(0).textContent()).toContain('annoyed@example.org');
    expect(await rows.nth(0).textContent()).toContain('Complaint');
    expect(await rows.nth(1).textContent()).toContain('gone@example.com');
    expect(await rows.nth(1).textContent()).toContain('5.1.1');
    await c.shot('01-list');

    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Hard bounce', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.nth(0).textContent()).toContain('gone@example.com');
    expect(await rows.nth(0).textContent()).toContain('Hard bounce');
    await c.shot('02-hard-bounces');
  });
});
