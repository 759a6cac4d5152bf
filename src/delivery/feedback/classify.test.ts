import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../../channels/providers/types.ts';
import {
  classifyDsn,
  classifyFeedbackType,
  classifySendFailure,
  classifyStatus,
  classifyTwilioError,
  enhancedCode,
  type FeedbackKind,
} from './classify.ts';

describe('DSN status codes', () => {
  const cases: [status: string, diagnostic: string, kind: FeedbackKind][] = [
    [
      '5.1.1',
      'smtp; 550 5.1.1 <ada@example.com>: Recipient address rejected: User unknown',
      'hard',
    ],
    ['5.1.0', '550 Address rejected', 'hard'],
    ['5.1.2', '550 Host unknown', 'hard'],
    ['5.1.3', '501 Bad recipient address syntax', 'hard'],
    ['5.1.6', '550 Mailbox has moved', 'hard'],
    ['5.1.10', '556 Recipient address has null MX', 'hard'],
    ['5.4.4', '550 Unable to route', 'hard'],
    ['5.7.17', '550 Mailbox owner has changed', 'hard'],
    ['5.2.2', '552 Mailbox full', 'soft'],
    ['4.2.2', '452 Mailbox over quota', 'soft'],
    ['5.2.1', '550 Mailbox disabled, not accepting messages', 'soft'],
    ['5.2.0', '550 Mailbox unavailable', 'soft'],
    ['5.3.2', '554 System not accepting network messages', 'soft'],
    ['5.4.7', '554 Delivery time expired', 'soft'],
    ['4.4.1', '421 No answer from host', 'soft'],
    ['4.4.7', 'Delivery time expired', 'soft'],
    ['5.4.1', '550 5.4.1 Recipient address rejected: Access denied', 'hard'],
    ['5.7.1', '550 5.7.1 Message rejected as spam', 'ignored'],
    ['5.7.1', '550 5.7.1 Service unavailable; client host blocked using Spamhaus', 'ignored'],
    ['4.7.1', '451 4.7.1 Greylisted, try again later', 'ignored'],
    ['5.7.28', '550 5.7.28 Mail flood detected', 'ignored'],
    ['4.7.28', '421 4.7.28 Rate limited', 'ignored'],
    ['5.7.26', '550 5.7.26 Unauthenticated email is not accepted (DMARC)', 'admin'],
    [
      '5.7.25',
      '550 5.7.25 The IP address sending this message does not have a PTR record',
      'admin',
    ],
    ['5.7.23', '550 5.7.23 SPF validation failed', 'admin'],
    ['4.7.26', '421 4.7.26 Unauthenticated email', 'admin'],
    ['5.7.7', '554 Message integrity failure', 'admin'],
    ['5.7.8', '535 Authentication credentials invalid', 'admin'],
    ['5.1.7', '553 Bad sender mailbox syntax', 'admin'],
    ['5.1.8', '553 Sender domain does not exist', 'admin'],
    ['5.3.4', '552 Message too big for system', 'admin'],
    ['5.2.3', '552 Message length exceeds administrative limit', 'admin'],
    ['5.6.1', '554 Media not supported', 'admin'],
    ['5.5.2', '500 Syntax error', 'admin'],
    ['2.0.0', 'delivered', 'ignored'],
    // Generic codes read the code in the diagnostic, else its words.
    ['5.0.0', 'smtp; 550 5.1.1 No such user here', 'hard'],
    ['5.0.0', "smtp; 554 delivery error: dd This user doesn't have a yahoo.com account", 'hard'],
    ['5.0.0', 'smtp; 550 Requested action not taken: mailbox unavailable (unknown user)', 'hard'],
    ['5.0.0', 'smtp; 554 Message rejected because of poor sender reputation', 'ignored'],
    ['5.0.0', 'smtp; 550 Rejected', 'soft'],
    ['4.0.0', 'smtp; 450 Try again later', 'soft'],
    ['5.9.9', 'unlisted', 'soft'],
  ];
  it.each(cases)('%s %s → %s', (status, diagnostic, kind) => {
    expect(classifyStatus(status, diagnostic).kind).toBe(kind);
  });

  it('every classification says why', () => {
    for (const [status, diagnostic] of cases)
      expect(classifyStatus(status, diagnostic).why.length).toBeGreaterThan(5);
  });

  it('reads enhanced codes in status fields and replies', () => {
    expect(enhancedCode('5.1.1 (bad destination mailbox address)')).toBe('5.1.1');
    expect(enhancedCode('550 5.01.001 x')).toBe('5.1.1');
    expect(enhancedCode('550 no code')).toBeUndefined();
  });
});

describe('DSN actions', () => {
  const cases: [action: string, status: string, expected: FeedbackKind | 'delivered'][] = [
    ['failed', '5.1.1', 'hard'],
    ['failed', '4.2.2', 'soft'],
    ['delayed', '4.4.1', 'ignored'],
    ['delivered', '2.0.0', 'delivered'],
    ['relayed', '2.0.0', 'delivered'],
    ['expanded', '2.0.0', 'delivered'],
  ];
  it.each(cases)('Action: %s, Status: %s → %s', (action, status, expected) => {
    const result = classifyDsn({ action, status, diagnostic: '' });
    expect(result === 'delivered' ? result : result.kind).toBe(expected);
  });
});

describe('ARF feedback types', () => {
  it.each([
    ['abuse', 'complaint'],
    ['Abuse', 'complaint'],
    ['not-spam', 'ignored'],
    ['fraud', 'ignored'],
    ['virus', 'ignored'],
    [undefined, 'ignored'],
  ] as const)('%s → %s', (type, kind) => {
    expect(classifyFeedbackType(type).kind).toBe(kind);
  });
});

describe('Twilio error codes', () => {
  it.each([
    [30005, 'hard'],
    [30006, 'hard'],
    [21211, 'hard'],
    [21610, 'hard'],
    [30003, 'soft'],
    [30008, 'soft'],
    [30007, 'admin'],
    [30034, 'admin'],
    [30001, 'ignored'],
    [99999, 'soft'],
    [undefined, 'soft'],
  ] as const)('%s → %s', (code, kind) => {
    expect(classifyTwilioError(code).kind).toBe(kind);
  });

  it('STOP suppresses as an unsubscribe', () => {
    expect(classifyTwilioError(21610).suppressAs).toBe('unsubscribe');
  });
});

describe('failures at send time', () => {
  const failed = (
    kind: 'transient' | 'permanent',
    code: string,
    reason: string,
    invalidToken?: boolean,
  ): Extract<DeliveryResult, { status: 'failed' }> => ({
    status: 'failed',
    kind,
    code,
    reason,
    ...(invalidToken ? { invalidToken } : {}),
  });
  const cases: [
    channel: 'email' | 'sms' | 'push',
    result: Extract<DeliveryResult, { status: 'failed' }>,
    expected: FeedbackKind | undefined,
  ][] = [
    ['email', failed('permanent', '550 5.1.1', '5.1.1 no such user'), 'hard'],
    ['email', failed('permanent', '550', 'Requested action not taken: no such user'), 'hard'],
    ['email', failed('permanent', '554 5.7.1', 'rejected as spam'), 'ignored'],
    ['email', failed('permanent', '550 5.7.26', 'DMARC'), 'admin'],
    ['email', failed('transient', '552 5.2.2', 'mailbox full'), 'soft'],
    ['email', failed('transient', '452 4.2.2', 'over quota'), 'soft'],
    // Greylisting, rate limits and connection trouble are left to the retries.
    ['email', failed('transient', '451 4.7.1', 'greylisted'), undefined],
    ['email', failed('transient', '421 4.3.2', 'service not available'), undefined],
    ['email', failed('transient', 'ECONNREFUSED', 'connect ECONNREFUSED'), undefined],
    ['email', failed('transient', 'EAUTH', 'Invalid login'), undefined],
    ['email', failed('permanent', 'http-422', 'bad request'), undefined],
    ['sms', failed('permanent', '21211', 'invalid To'), 'hard'],
    ['sms', failed('permanent', '21610', 'STOP'), 'hard'],
    ['sms', failed('transient', '20003', 'auth failed'), undefined],
    ['sms', failed('permanent', 'http-400', 'bad'), undefined],
    ['push', failed('permanent', 'UNREGISTERED', 'gone', true), 'hard'],
    ['push', failed('permanent', 'http-400', 'bad payload'), undefined],
    ['push', failed('transient', 'UNAVAILABLE', 'later'), undefined],
  ];
  it.each(cases)('%s %j → %s', (channel, result, expected) => {
    expect(classifySendFailure(channel, result)?.kind).toBe(expected);
  });
});
