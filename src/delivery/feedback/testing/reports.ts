// Reports as receiving servers write them, composed with nodemailer's MailComposer, and a real
// SMTP client that delivers them to the bounce listener.
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

/** Header lines of the message a report returns. */
export function returnedHeaders(fields: {
  messageId?: string | undefined;
  returnPath?: string | undefined;
  to: string;
}): string {
  return [
    ...(fields.returnPath ? [`Return-Path: <${fields.returnPath}>`] : []),
    'From: Shop <news@shop.example.com>',
    `To: ${fields.to}`,
    'Subject: Our news',
    ...(fields.messageId ? [`Message-ID: ${fields.messageId}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
  ].join('\r\n');
}

async function report(
  reportType: string,
  to: string,
  text: string,
  parts: { contentType: string; content: string }[],
): Promise<Buffer> {
  const root = new MailComposer({
    from: 'Mail Delivery System <MAILER-DAEMON@mx.receiver.example>',
    to,
    subject: 'Undelivered Mail Returned to Sender',
    text,
    attachments: parts.map((p) => ({ ...p, contentDisposition: 'inline' as const })),
  }).compile();
  root.setHeader('Content-Type', `multipart/report; report-type=${reportType}`);
  return root.build();
}

/** An RFC 3464 DSN (multipart/report; report-type=delivery-status). */
export function buildDsn(input: {
  to: string;
  recipient: string;
  action: 'failed' | 'delayed' | 'delivered';
  status: string;
  diagnostic: string;
  returned?: string | undefined;
}): Promise<Buffer> {
  const status = [
    'Reporting-MTA: dns; mx.receiver.example',
    'Arrival-Date: Fri, 27 Nov 2026 09:00:05 +0000',
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822;${input.recipient}`,
    `Action: ${input.action}`,
    `Status: ${input.status}`,
    'Remote-MTA: dns; mx.receiver.example',
    // Folded, as MTAs write long diagnostics.
    `Diagnostic-Code: smtp;\r\n ${input.diagnostic}`,
    '',
  ].join('\r\n');
  return report(
    'delivery-status',
    input.to,
    `I could not deliver your message to ${input.recipient}.`,
    [
      { contentType: 'message/delivery-status', content: status },
      ...(input.returned ? [{ contentType: 'text/rfc822-headers', content: input.returned }] : []),
    ],
  );
}

/** An RFC 5965 abuse report (multipart/report; report-type=feedback-report). */
export function buildArf(input: {
  to: string;
  feedbackType: string;
  originalMailFrom?: string | undefined;
  originalRcptTo?: string | undefined;
  returned: string;
}): Promise<Buffer> {
  const fields = [
    `Feedback-Type: ${input.feedbackType}`,
    'User-Agent: ReceiverFBL/1.0',
    'Version: 1',
    ...(input.originalMailFrom ? [`Original-Mail-From: <${input.originalMailFrom}>`] : []),
    ...(input.originalRcptTo ? [`Original-Rcpt-To: <${input.originalRcptTo}>`] : []),
    'Arrival-Date: Fri, 27 Nov 2026 09:00:05 +0000',
    'Reported-Domain: shop.example.com',
    '',
  ].join('\r\n');
  return report('feedback-report', input.to, 'This is an email abuse report.', [
    { contentType: 'message/feedback-report', content: fields },
    { contentType: 'message/rfc822', content: input.returned + '\r\nHello\r\n' },
  ]);
}

/** Delivers a raw message over SMTP with a null sender, as bounces are sent. */
export async function deliver(port: number, to: string, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope: { from: '', to: [to] }, raw });
  } finally {
    transport.close();
  }
}
