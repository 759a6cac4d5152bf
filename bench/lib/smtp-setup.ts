// What the send and campaign benchmarks share on Clarion's side of the wire: the marketing email
// configuration they send through (SMTP provider towards the sink, sender, bounce and unsubscribe
// addresses, a DKIM key), the secret of the `clarion worker` processes, and the size of a message
// as it goes over the wire (for smtp-source's `-l`).
import type { SendMailOptions } from 'nodemailer';
import { createTransport } from 'nodemailer';
import { channelsDb } from '../../src/channels/db.ts';
import type { Configuration } from '../../src/channels/model.ts';
import { emailAddressing } from '../../src/channels/providers/addresses.ts';
import { mailOptions } from '../../src/channels/providers/email-message.ts';
import { changeStatus, saveConfiguration } from '../../src/channels/store.ts';
import { compileContent } from '../../src/content/compile.ts';
import type { EmailContent } from '../../src/content/model.ts';
import type { Database } from '../../src/db/connection.ts';
import { SYSTEM_ACTOR, systemClock } from '../../src/platform/context.ts';

/** CLARION_SECRET of the benchmark databases and their workers (keys of stored credentials). */
export const BENCH_SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const SENDER = 'news@shop.example.com';
export const BOUNCES = 'bounces@shop.example.com';
export const UNSUBSCRIBE = 'unsubscribe@shop.example.com';

/** Settings of the benchmarks' marketing email configuration: SMTP to 127.0.0.1:`port`, DKIM. */
export function emailSettings(port: number, connections = 5) {
  return {
    senderName: 'Clarion Shop',
    senderAddress: SENDER,
    bounceAddress: BOUNCES,
    listUnsubscribe: { oneClick: false, mailto: UNSUBSCRIBE },
    urlParameters: [],
    retryPeriodMinutes: 360,
    softBounceThreshold: 5,
    sendToSpamComplainers: false,
    seedList: [],
    dkim: { domain: 'shop.example.com', selector: 's1' },
    provider: {
      kind: 'smtp' as const,
      host: '127.0.0.1',
      port,
      security: 'none' as const,
      maxConnections: connections,
    },
  };
}

/** Saves and activates the configuration in `sandboxId` (activation checks the DKIM key). */
export async function activeSmtpConfiguration(
  database: Database,
  sandboxId: string,
  options: { name: string; port: number; connections: number; privateKey: string },
): Promise<Configuration> {
  const call = {
    db: channelsDb(database.db),
    sandboxId,
    actor: { ...SYSTEM_ACTOR, label: 'bench' },
    clock: systemClock,
    secret: BENCH_SECRET,
  };
  const draft = await saveConfiguration(call, {
    name: options.name,
    channel: 'email',
    category: 'marketing',
    settings: emailSettings(options.port, options.connections),
    credentials: { dkimPrivateKey: options.privateKey },
  });
  return changeStatus(call, draft.id, 'activate');
}

/** Bytes of a message as it goes over the wire, DKIM-signed (nodemailer's stream transport). */
export async function wireSize(options: SendMailOptions, privateKey: string): Promise<number> {
  const transport = createTransport({
    streamTransport: true,
    buffer: true,
    dkim: { domainName: 'shop.example.com', keySelector: 's1', privateKey },
  });
  const info = (await transport.sendMail(options)) as { message: Buffer };
  return info.message.length;
}

/**
 * One message as Clarion builds it for the benchmarks' configuration (render, emailAddressing,
 * mailOptions), for the size check: `content` rendered for `profile`, sent to `address`.
 */
export async function clarionMailOptions(message: {
  content: EmailContent;
  profile: Record<string, unknown>;
  address: string;
  recipientKey: string;
  executionId: string;
}): Promise<SendMailOptions> {
  const compiled = await compileContent({ channel: 'email', content: message.content });
  if (compiled.channel !== 'email') throw new Error('email content expected');
  const out = compiled.email.render({
    profile: message.profile,
    unsubscribeUrl: '',
    mirrorPageUrl: '',
  });
  const settings = emailSettings(0);
  const addressing = emailAddressing(settings, {
    executionId: message.executionId,
    recipientKey: message.recipientKey,
    verpToken: message.recipientKey.replace(/-/g, ''),
  });
  return mailOptions(
    {
      ...addressing,
      to: { address: message.address },
      subject: out.subject,
      html: out.html,
      text: out.text,
      listUnsubscribe: { mailto: UNSUBSCRIBE },
      headers: { 'X-Clarion-Execution': message.executionId },
    },
    settings,
  );
}
