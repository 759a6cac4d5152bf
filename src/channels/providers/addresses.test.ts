import { describe, expect, it } from 'vitest';
import { emailAddressing, messageIdFor, parseVerpAddress, verpAddress } from './addresses.ts';
import { classifySmtpError, classifySmtpReply } from './smtp-errors.ts';
import { emailSettings } from './testing/fixtures.ts';

describe('message ids and VERP addresses', () => {
  it('builds the same Message-ID for the same execution and recipient, encoding what an atom cannot hold', () => {
    const ids = { executionId: 'e1', recipientKey: 'p1', senderAddress: 'News@Shop.Example.com' };
    expect(messageIdFor(ids)).toBe('<e1.p1@shop.example.com>');
    expect(messageIdFor(ids)).toBe(messageIdFor({ ...ids }));
    expect(messageIdFor({ ...ids, recipientKey: 'ada@example.org' })).toBe(
      '<e1.ada%40example%2Eorg@shop.example.com>',
    );
    expect(messageIdFor({ ...ids, recipientKey: 'é' })).toBe('<e1.%C3%A9@shop.example.com>');
  });

  it('puts a token after + in the bounce address and reads it back', () => {
    const verp = verpAddress('bounces@shop.example.com', 'e1.p1');
    expect(verp).toBe('bounces+e1.p1@shop.example.com');
    expect(parseVerpAddress(verp)).toEqual({
      bounceAddress: 'bounces@shop.example.com',
      token: 'e1.p1',
    });
    expect(verpAddress('bounces+old@shop.example.com', 'new')).toBe('bounces+new@shop.example.com');
    expect(parseVerpAddress('bounces@shop.example.com')).toBeUndefined();
    expect(() => verpAddress('bounces@shop.example.com', 'a b')).toThrow(/local part/);
  });

  it('derives the sender fields from the configuration', () => {
    const settings = emailSettings({ replyTo: { address: 'help@shop.example.com' } });
    expect(
      emailAddressing(settings, { executionId: 'e', recipientKey: 'r', verpToken: 't' }),
    ).toEqual({
      messageId: '<e.r@shop.example.com>',
      from: { name: 'Clarion Shop', address: 'news@shop.example.com' },
      replyTo: { address: 'help@shop.example.com' },
      envelopeFrom: 'bounces+t@shop.example.com',
    });
  });
});

describe('SMTP reply classification', () => {
  it.each([
    [421, '4.7.0 Too busy', 'transient', '421 4.7.0'],
    [450, 'Mailbox unavailable', 'transient', '450'],
    [550, '5.1.1 No such user', 'permanent', '550 5.1.1'],
    [554, '5.7.1 Rejected as spam', 'permanent', '554 5.7.1'],
    [552, '5.2.2 Mailbox full', 'transient', '552 5.2.2'],
    [552, 'Exceeded storage allocation', 'transient', '552'],
    [552, '5.3.4 Message too big', 'permanent', '552 5.3.4'],
    [550, '4.2.0 Greylisted', 'transient', '550 4.2.0'],
    [535, '5.7.8 Authentication failed', 'transient', '535 5.7.8'],
  ] as const)('%i %s is %s', (responseCode, response, kind, code) => {
    expect(classifySmtpReply(responseCode, response)).toMatchObject({ kind, code });
  });

  it('treats errors without a reply and authentication errors as transient', () => {
    expect(classifySmtpError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toEqual({
      status: 'failed',
      kind: 'transient',
      code: 'ETIMEDOUT',
      reason: 'timeout',
    });
    expect(
      classifySmtpError(
        Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 }),
      ),
    ).toMatchObject({ kind: 'transient', code: 'EAUTH' });
  });
});
