// The inbound SMTP listener for bounce addresses: the bounce domain's MX points here. It accepts
// mail for any configured bounce address — plain or with a VERP token — refuses other recipients,
// and hands each message to the report handler. A message it could not process (the database is
// away) is answered with a temporary error so that the sending server tries again later.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { parseVerpAddress } from '../../channels/providers/addresses.ts';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../platform/context.ts';
import { handleInboundMail } from './inbound.ts';
import { configurationsForBounceAddress, type FeedbackDeps } from './store.ts';

/** The part of a message that is read: reports and the returned headers come first. */
const KEEP_BYTES = 2 * 1024 * 1024;
/** Larger messages are refused (a returned message may carry its attachments). */
const MAX_BYTES = 50 * 1024 * 1024;

export interface BounceListener {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startBounceListener(
  deps: FeedbackDeps & { log: Logger },
  options: { port: number; host?: string | undefined },
): Promise<BounceListener> {
  const server = new SMTPServer({
    banner: 'Clarion bounce listener',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: MAX_BYTES,
    rejectOversized: true,
    maxClients: 100,
    onRcptTo(address, _session, callback) {
      const verp = parseVerpAddress(address.address);
      configurationsForBounceAddress(deps.pool, verp?.bounceAddress ?? address.address).then(
        (found) =>
          found.length ? callback() : callback(smtpError(550, '5.1.1 No such bounce address here')),
        (error: unknown) => {
          deps.log.error({ err: error }, 'bounce listener could not look up a recipient');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let kept = 0;
      stream.on('data', (chunk: Buffer) => {
        if (kept >= KEEP_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback();
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        handleInboundMail(deps, rcptTo, Buffer.concat(chunks)).then(
          (outcomes) => {
            for (const o of outcomes)
              if (o.outcome === 'dropped') deps.log.debug({ rcptTo, why: o.why }, 'mail dropped');
              else
                deps.log.info(
                  {
                    executionId: o.message.executionId,
                    recipientKey: o.message.recipientKey,
                    outcome: o.outcome,
                    suppressed: o.outcome === 'recorded' ? o.results.map((r) => r.suppressed) : [],
                  },
                  'feedback received',
                );
            callback();
          },
          (error: unknown) => {
            deps.log.error({ err: error, rcptTo }, 'bounce listener could not process a message');
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => deps.log.warn({ err: error }, 'bounce listener connection error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts the listener when CLARION_BOUNCE_SMTP_PORT is set; `clarion start` and `worker`. */
export async function startConfiguredBounceListener(
  config: { bounceSmtpPort: number | undefined; host: string },
  database: Database,
  clock: Clock,
  log: Logger,
): Promise<BounceListener | undefined> {
  if (config.bounceSmtpPort === undefined) return undefined;
  const listener = await startBounceListener(
    { pool: database.pool, db: database.db, clock, log: log.child({ component: 'bounces' }) },
    { port: config.bounceSmtpPort, host: config.host },
  );
  log.info({ port: listener.port }, 'bounce listener running');
  return listener;
}
