// The mailbox SMTP sink: an SMTP server on loopback that accepts any message for any recipient
// and keeps it in a sandbox's mailbox, so an ordinary SMTP configuration pointed at it (host
// 127.0.0.1, security "none") shows what it really sends without mail leaving the machine.
// The sandbox is the SMTP AUTH username when the client signs in (any password: whoever reaches
// the loopback port can already write without signing in), else `prod`.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../../db/connection.ts';
import { platformDb, type Clock } from '../../platform/context.ts';
import { DEFAULT_SANDBOX, findSandboxByName } from '../../platform/sandboxes.ts';
import { storeInboundEmail } from './inbound.ts';
import { mailboxDb } from './store.ts';

/** Larger messages are refused with 552 (the limit is announced with the SIZE extension). */
export const MAILBOX_SMTP_MAX_BYTES = 10 * 1024 * 1024;
/** Each recipient is a copy in the database; more than this in one transaction get 452. */
const MAX_RECIPIENTS = 100;
/** On shutdown, how long a message being received may take before the connection is closed. */
const CLOSE_GRACE_MS = 2000;

export interface MailboxSmtpSink {
  port: number;
  close(): Promise<void>;
}

export interface MailboxSmtpSinkDeps {
  db: Db;
  clock: Clock;
  log: Logger;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startMailboxSmtpSink(
  deps: MailboxSmtpSinkDeps,
  options: { port: number; host?: string; maxBytes?: number },
): Promise<MailboxSmtpSink> {
  const platform = platformDb(deps.db);
  const mailbox = mailboxDb(deps.db);
  const maxBytes = options.maxBytes ?? MAILBOX_SMTP_MAX_BYTES;
  // `prod` is never deleted, so its id is looked up once.
  let defaultSandboxId: string | undefined;
  async function sandboxIdOf(session: SMTPServerSession): Promise<string | undefined> {
    const signedIn: unknown = session.user;
    if (typeof signedIn === 'string') return signedIn;
    defaultSandboxId ??= (await findSandboxByName(platform, DEFAULT_SANDBOX))?.id;
    return defaultSandboxId;
  }
  const temporaryFailure = (what: string, error: unknown) => {
    deps.log.error({ err: error }, `mailbox SMTP sink could not ${what}`);
    return smtpError(451, '4.3.0 Temporary failure, try again later');
  };

  const server = new SMTPServer({
    banner: 'Clarion mailbox (messages are kept, never delivered)',
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: maxBytes,
    rejectOversized: true,
    maxClients: 50,
    closeTimeout: CLOSE_GRACE_MS,
    onAuth(auth, _session, callback) {
      const name = (auth.username ?? '').trim().toLowerCase();
      findSandboxByName(platform, name).then(
        (found) =>
          found
            ? callback(null, { user: found.id })
            : callback(smtpError(535, `5.7.8 No sandbox named "${name}"`)),
        (error: unknown) => callback(temporaryFailure('look up a sandbox', error)),
      );
    },
    onMailFrom(_address, session, callback) {
      sandboxIdOf(session).then(
        (sandboxId) =>
          sandboxId
            ? callback()
            : callback(smtpError(550, '5.7.1 No default sandbox; sign in with a sandbox name')),
        (error: unknown) => callback(temporaryFailure('look up the default sandbox', error)),
      );
    },
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS)
        return callback(smtpError(452, '4.5.3 Too many recipients'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      // Past the limit the rest is read and dropped; smtp-server answers 552 itself.
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          deps.log.info({ bytes: stream.byteLength }, 'mailbox SMTP sink refused a large message');
          return callback();
        }
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const raw = Buffer.concat(chunks);
        sandboxIdOf(session)
          .then(async (sandboxId) => {
            if (!sandboxId) throw new Error('the default sandbox is gone');
            const at = deps.clock.now();
            return storeInboundEmail(mailbox, { sandboxId, envelopeFrom, recipients, raw, at });
          })
          .then(
            (ids) => {
              deps.log.info({ ids, bytes: raw.length }, 'mailbox message received by SMTP');
              callback(null, `2.0.0 Kept in the mailbox as ${ids.join(', ')}`);
            },
            (error: unknown) => callback(temporaryFailure('keep a message', error)),
          );
      });
    },
  });
  server.on('error', (error) =>
    deps.log.warn({ err: error }, 'mailbox SMTP sink connection error'),
  );
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts the sink when CLARION_MAILBOX_SMTP_PORT is set (`clarion start`), on loopback only. */
export async function startConfiguredMailboxSmtpSink(
  config: { mailboxSmtpPort: number | undefined },
  deps: MailboxSmtpSinkDeps,
): Promise<MailboxSmtpSink | undefined> {
  if (config.mailboxSmtpPort === undefined) return undefined;
  const sink = await startMailboxSmtpSink(
    { ...deps, log: deps.log.child({ component: 'mailbox-smtp' }) },
    { port: config.mailboxSmtpPort },
  );
  deps.log.info({ host: '127.0.0.1', port: sink.port }, 'mailbox SMTP sink running');
  return sink;
}
