import { describe, expect, it } from 'vitest';
import { parseMessageId } from './inbound.ts';
import { parseFieldGroups, parseReport } from './reports.ts';
import { buildArf, buildDsn, returnedHeaders } from './testing/reports.ts';

const MESSAGE_ID =
  '<0b8f8a3e-4f7e-4a53-9d5e-1f0a2b3c4d5e.6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b@shop.example.com>';

/** What Postfix writes: no Content-Disposition, the whole message returned as message/rfc822. */
const POSTFIX_DSN = [
  'From: MAILER-DAEMON@mx.shop.example.com (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'To: bounces+6f1e2d3c4b5a49788a9b0c1d2e3f4a5b@shop.example.com',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="B1"',
  '',
  '--B1',
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'This is the mail system at host mx.shop.example.com.',
  '',
  '--B1',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.shop.example.com',
  'X-Postfix-Queue-ID: 4ABC',
  '',
  'Final-Recipient: rfc822; ada@example.com',
  'Original-Recipient: rfc822;ada@example.com',
  'Action: failed',
  'Status: 5.2.2',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 552 5.2.2 <ada@example.com>: Mailbox full',
  '',
  '--B1',
  'Content-Description: Undelivered Message',
  'Content-Type: message/rfc822',
  '',
  'Return-Path: <bounces+6f1e2d3c4b5a49788a9b0c1d2e3f4a5b@shop.example.com>',
  'From: Shop <news@shop.example.com>',
  'To: ada@example.com',
  `Message-ID: ${MESSAGE_ID}`,
  'Subject: Our news',
  '',
  'Hello Ada',
  '',
  '--B1--',
  '',
].join('\r\n');

describe('reading reports', () => {
  it('reads a DSN composed as multipart/report, with folded fields and returned headers', async () => {
    const raw = await buildDsn({
      to: 'bounces+x@shop.example.com',
      recipient: 'ada@example.com',
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <ada@example.com>: Recipient address rejected: User unknown',
      returned: returnedHeaders({ to: 'ada@example.com', messageId: MESSAGE_ID }),
    });
    expect(raw.toString()).toContain('multipart/report; report-type=delivery-status');
    const report = await parseReport(raw);
    expect(report).toEqual({
      type: 'dsn',
      recipients: [
        {
          finalRecipient: 'ada@example.com',
          originalRecipient: 'ada@example.com',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <ada@example.com>: Recipient address rejected: User unknown',
        },
      ],
      original: { messageId: MESSAGE_ID, returnPath: undefined },
    });
  });

  it("reads Postfix's DSN with the whole message returned", async () => {
    const report = await parseReport(Buffer.from(POSTFIX_DSN));
    expect(report).toMatchObject({
      type: 'dsn',
      recipients: [{ action: 'failed', status: '5.2.2', finalRecipient: 'ada@example.com' }],
      original: {
        messageId: MESSAGE_ID,
        returnPath: 'bounces+6f1e2d3c4b5a49788a9b0c1d2e3f4a5b@shop.example.com',
      },
    });
  });

  it('reads an ARF abuse report', async () => {
    const report = await parseReport(
      await buildArf({
        to: 'bounces@shop.example.com',
        feedbackType: 'abuse',
        originalMailFrom: 'bounces+abc@shop.example.com',
        originalRcptTo: 'ada@example.com',
        returned: returnedHeaders({ to: 'ada@example.com', messageId: MESSAGE_ID }),
      }),
    );
    expect(report).toEqual({
      type: 'arf',
      feedbackType: 'abuse',
      originalMailFrom: 'bounces+abc@shop.example.com',
      originalRcptTo: ['ada@example.com'],
      original: { messageId: MESSAGE_ID, returnPath: undefined },
    });
  });

  it('calls anything else other', async () => {
    const autoReply = [
      'From: ada@example.com',
      'To: bounces+abc@shop.example.com',
      'Subject: Out of office',
      'Auto-Submitted: auto-replied',
      '',
      'I am away until Monday. 5.1.1',
    ].join('\r\n');
    expect(await parseReport(Buffer.from(autoReply))).toEqual({ type: 'other' });
  });

  it('parses field groups: folding, repeated names, blank-line groups', () => {
    const groups = parseFieldGroups(
      'A: 1\r\nB: two\r\n  lines\r\n\r\nA: x\r\nA: y\r\n\r\n\r\nC: z',
    );
    expect(groups.map((g) => Object.fromEntries(g))).toEqual([
      { a: ['1'], b: ['two lines'] },
      { a: ['x', 'y'] },
      { c: ['z'] },
    ]);
  });

  it('reads the execution and recipient of our Message-IDs', () => {
    expect(parseMessageId(MESSAGE_ID)).toEqual({
      executionId: '0b8f8a3e-4f7e-4a53-9d5e-1f0a2b3c4d5e',
      recipientKey: '6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b',
    });
    expect(
      parseMessageId('<0b8f8a3e-4f7e-4a53-9d5e-1f0a2b3c4d5e.key%2Fwith%20space@x.example>'),
    ).toEqual({
      executionId: '0b8f8a3e-4f7e-4a53-9d5e-1f0a2b3c4d5e',
      recipientKey: 'key/with space',
    });
    expect(parseMessageId('<random@elsewhere.example>')).toBeUndefined();
    expect(parseMessageId(undefined)).toBeUndefined();
  });
});
