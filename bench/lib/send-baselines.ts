// The send benchmark's baselines into the same smtp-sink: Postfix's smtp-source (with and without
// kept connections) and a plain loop of pooled nodemailer sendMail calls (signed two ways, or
// not); and the shape of every contender's result.
import { createPrivateKey } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { now, runConcurrently } from './measure.ts';
import { runSmtpSource, type PostfixSink } from './postfix.ts';
import type { BenchPostgres } from './postgres.ts';
import type { PlainMessages } from './send-messages.ts';
import { sampleCpu } from './send-cpu.ts';
import { SENDER } from './smtp-setup.ts';

const SOURCE_SESSIONS = 20;
/** sendMail calls the nodemailer loop keeps in flight (the pool queues what its connections cannot take yet). */
const NODEMAILER_IN_FLIGHT = 100;

export interface Result {
  label: string;
  messages: number;
  seconds: number;
  cpu: Map<string, number>;
  note?: string;
}

export const rate = (r: Result) => r.messages / r.seconds;

export async function measureSmtpSource(
  binary: string,
  sink: PostfixSink,
  postgres: BenchPostgres,
  messages: number,
  bytes: number,
  keepConnections: boolean,
): Promise<Result> {
  const before = sink.delivered();
  const cpu = sampleCpu(postgres);
  const { seconds } = await runSmtpSource(binary, {
    port: sink.port,
    sessions: SOURCE_SESSIONS,
    messages,
    bytes,
    keepConnections,
    from: SENDER,
    to: 'r1@example.com',
  });
  await sink.waitFor(before + messages, 10_000);
  return {
    label: `smtp-source -s ${SOURCE_SESSIONS}${keepConnections ? ' -d' : ''}`,
    messages,
    seconds,
    cpu: cpu(),
    note: keepConnections ? 'connections kept' : 'a connection per message',
  };
}

/**
 * How the loop signs: `pem` as nodemailer documents it (the PEM text, parsed again for every
 * message), `key` with the key parsed once (a KeyObject), `none` unsigned.
 */
export type LoopSigning = 'pem' | 'key' | 'none';

export async function measureNodemailer(
  sink: PostfixSink,
  postgres: BenchPostgres,
  messages: number,
  connections: number,
  privateKey: string,
  signing: LoopSigning,
  plain: PlainMessages,
): Promise<Result> {
  const key = signing === 'key' ? createPrivateKey(privateKey) : privateKey;
  const transport = createTransport({
    pool: true,
    host: '127.0.0.1',
    port: sink.port,
    maxConnections: connections,
    maxMessages: Infinity,
    ignoreTLS: true,
    ...(signing === 'none'
      ? {}
      : {
          dkim: {
            domainName: 'shop.example.com',
            keySelector: 's1',
            // nodemailer hands the key to crypto.Sign, which takes a KeyObject as well.
            privateKey: key as string,
          },
        }),
  });
  const executionId = crypto.randomUUID();
  const before = sink.delivered();
  const cpu = sampleCpu(postgres);
  const started = now();
  let rejected = 0;
  await runConcurrently(messages, NODEMAILER_IN_FLIGHT, async (i) => {
    const info = await transport.sendMail(plain.options(i, executionId));
    if (info.rejected.length) rejected++;
  });
  const seconds = (now() - started) / 1000;
  transport.close();
  await sink.waitFor(before + messages, 10_000);
  if (rejected) throw new Error(`nodemailer: ${rejected} messages rejected`);
  const how = { pem: 'DKIM, PEM key', key: 'DKIM, parsed key', none: 'no DKIM' }[signing];
  return {
    label: `nodemailer loop, ${how}`,
    messages,
    seconds,
    cpu: cpu(),
  };
}
