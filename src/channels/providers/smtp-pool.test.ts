import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpPool } from './smtp-pool.ts';

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

/** A server that keeps the recipients of what it receives. */
async function server(options: SMTPServerOptions = {}) {
  const received: string[] = [];
  const state = { connections: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
    ...options,
  });
  smtp.on('error', () => undefined);
  servers.push(smtp);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return { port: (smtp.server.address() as AddressInfo).port, received, state };
}

const message = (i: number) => ({
  envelope: { from: 'news@shop.example.com', to: [`r${i}@example.org`] },
  raw: Buffer.from(`Subject: ${i}\r\n\r\nHello ${i}\r\n`),
});

describe('SMTP connection pool', () => {
  it('sends every message over at most maxConnections sessions', async () => {
    const sink = await server();
    const pool = createSmtpPool({ host: '127.0.0.1', port: sink.port, maxConnections: 3 });
    const infos = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pool.send(message(i).envelope, message(i).raw)),
    );
    pool.close();
    expect(infos.every((info) => info.accepted.length === 1)).toBe(true);
    expect(sink.received.sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `r${i}@example.org`).sort(),
    );
    expect(sink.state.connections).toBeLessThanOrEqual(3);
  });

  it('opens a new session when the server closed an idle one', async () => {
    const sink = await server({ socketTimeout: 300 });
    const pool = createSmtpPool({ host: '127.0.0.1', port: sink.port, maxConnections: 1 });
    await pool.send(message(1).envelope, message(1).raw);
    await sleep(800); // the server times the session out
    await pool.send(message(2).envelope, message(2).raw);
    pool.close();
    expect(sink.received).toEqual(['r1@example.org', 'r2@example.org']);
    expect(sink.state.connections).toBe(2);
  });

  it('makes do with the sessions a server allows', async () => {
    const sink = await server({ maxClients: 1 });
    const pool = createSmtpPool({ host: '127.0.0.1', port: sink.port, maxConnections: 4 });
    const infos = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pool.send(message(i).envelope, message(i).raw)),
    );
    pool.close();
    expect(infos).toHaveLength(8);
    expect(sink.received).toHaveLength(8);
  });

  it('logs in when the server offers AUTH, and fails every queued message when it refuses', async () => {
    const users: string[] = [];
    const sink = await server({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'shop' && auth.password === 'secret') {
          users.push(auth.username);
          return callback(null, { user: auth.username });
        }
        callback(new Error('Invalid username or password'));
      },
    });
    const good = createSmtpPool({
      host: '127.0.0.1',
      port: sink.port,
      maxConnections: 1,
      auth: { user: 'shop', pass: 'secret' },
    });
    await good.send(message(1).envelope, message(1).raw);
    good.close();
    expect(users).toEqual(['shop']);

    const bad = createSmtpPool({
      host: '127.0.0.1',
      port: sink.port,
      maxConnections: 2,
      auth: { user: 'shop', pass: 'wrong' },
    });
    const results = await Promise.allSettled(
      [2, 3, 4].map((i) => bad.send(message(i).envelope, message(i).raw)),
    );
    bad.close();
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'EAUTH' });
    expect(sink.received).toEqual(['r1@example.org']);
  });

  it('refuses to send once closed', async () => {
    const sink = await server();
    const pool = createSmtpPool({ host: '127.0.0.1', port: sink.port, maxConnections: 1 });
    pool.close();
    await expect(pool.send(message(1).envelope, message(1).raw)).rejects.toThrow(/closed/);
  });
});
