import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, mergeFlags } from './config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'clarion-config-'));

describe('configuration', () => {
  it('has working defaults and generates a secret into the data dir once', () => {
    const dir = dataDir();
    const config = loadConfig({ CLARION_DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: dir,
      databaseUrl: undefined,
      publicUrl: 'http://localhost:8080',
      logLevel: 'info',
    });
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(config.secret);
    expect(loadConfig({ CLARION_DATA_DIR: dir }).secret).toBe(config.secret);
  });

  it('flags override the environment', () => {
    const env = mergeFlags({ PORT: '9000', CLARION_DATA_DIR: dataDir() }, [
      '--port',
      '9100',
      '--database-url=postgres://u:p@db:5432/c',
    ]);
    const config = loadConfig(env);
    expect(config.port).toBe(9100);
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/c');
  });

  it.each([
    [
      { PORT: 'eighty' },
      /^Invalid configuration: PORT must be an integer from 0 to 65535 \(got "eighty"\)$/,
    ],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ CLARION_ADMIN_EMAIL: 'admin' }, /CLARION_ADMIN_EMAIL is not an email/],
    [{ CLARION_ADMIN_PASSWORD: 'short' }, /CLARION_ADMIN_PASSWORD must be at least 12/],
    [{ CLARION_SECRET: 'tiny' }, /CLARION_SECRET must be at least 32/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ CLARION_BOUNCE_SMTP_PORT: '25x' }, /CLARION_BOUNCE_SMTP_PORT must be an integer/],
    [{ CLARION_MAILBOX_SMTP_PORT: '-1' }, /CLARION_MAILBOX_SMTP_PORT must be an integer/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    const attempt = () => loadConfig({ CLARION_DATA_DIR: dataDir(), ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('runs the SMTP listeners only when their port is set, from the variable or the flag', () => {
    const dir = dataDir();
    expect(loadConfig({ CLARION_DATA_DIR: dir })).toMatchObject({
      bounceSmtpPort: undefined,
      mailboxSmtpPort: undefined,
    });
    expect(loadConfig({ CLARION_DATA_DIR: dir, CLARION_MAILBOX_SMTP_PORT: '2525' })).toMatchObject({
      mailboxSmtpPort: 2525,
    });
    const env = mergeFlags({ CLARION_DATA_DIR: dir, CLARION_MAILBOX_SMTP_PORT: '2525' }, [
      '--mailbox-smtp-port=0',
      '--bounce-port',
      '2526',
    ]);
    expect(loadConfig(env)).toMatchObject({ mailboxSmtpPort: 0, bounceSmtpPort: 2526 });
  });

  it('rejects unknown flags and flags without values', () => {
    expect(() => mergeFlags({}, ['--colour', 'blue'])).toThrow(/Unknown option --colour/);
    expect(() => mergeFlags({}, ['--port'])).toThrow(/--port needs a value/);
  });
});
