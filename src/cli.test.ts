// The real command: start on an empty data dir, stop with Ctrl-C, start again on the same data.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClarion } from './testing/processes.ts';

function postmasterAlive(dataDir: string): boolean {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return false;
  try {
    process.kill(Number(readFileSync(file, 'utf8').split('\n')[0]), 0);
    return true;
  } catch {
    return false;
  }
}

describe('clarion start', () => {
  // The first start also fills the demo sandbox (10,000 profiles), so it gets more time.
  it(
    'starts with embedded PostgreSQL, prints the admin login, stops cleanly, and reuses the data',
    { timeout: 300_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'clarion-start-'));
      const env = { CLARION_DATA_DIR: dataDir, PORT: '0' };

      const first = runClarion(['start'], env);
      const [, port] = await first.waitFor(/Clarion is running: http:\/\/localhost:(\d+)/, 240_000);
      const [, password] = await first.waitFor(/Password:\s+(\S+)/);
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@clarion.local', password }),
      });
      expect(login.status).toBe(200);
      expect(postmasterAlive(dataDir)).toBe(true);
      expect(await first.stop('SIGINT')).toBe(0);
      expect(postmasterAlive(dataDir)).toBe(false);

      const second = runClarion(['start'], env);
      const [, port2] = await second.waitFor(
        /Clarion is running: http:\/\/localhost:(\d+)/,
        120_000,
      );
      expect(second.output()).not.toMatch(/Password:/);
      const again = await fetch(`http://127.0.0.1:${port2}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@clarion.local', password }),
      });
      expect(again.status).toBe(200);
      expect(await second.stop('SIGTERM')).toBe(0);
      expect(postmasterAlive(dataDir)).toBe(false);
    },
  );

  it('stops at once with one line naming a bad variable', async () => {
    const run = runClarion(['start'], {
      PORT: 'eighty',
      CLARION_DATA_DIR: mkdtempSync(join(tmpdir(), 'clarion-bad-')),
    });
    expect(await run.exited()).toBe(2);
    expect(run.output().trim()).toBe(
      'Invalid configuration: PORT must be an integer from 0 to 65535 (got "eighty")',
    );
  });
});
