// SMTP replies and connection errors as delivery results.
//
// The enhanced status code (RFC 3463) decides when the server gives one, else the basic reply
// code (RFC 5321): class 4 is transient, class 5 permanent, with these exceptions:
// - X.2.2 "mailbox full" is transient even as 5.2.2: RFC 3463 calls it a persistent transient
//   failure (the owner can make room), so it counts towards the soft-bounce threshold instead of
//   suppressing the address at once. A bare 552 without an enhanced code is read the same way.
// - Authentication failures (EAUTH, 530/535) and TLS failures are the configuration's problem,
//   not the recipient's: transient, so that fixing the configuration lets the retries through
//   and no address is suppressed for it.
// - Connection refused, resets, timeouts and DNS failures are transient.
import type { DeliveryResult } from './types.ts';
import { failed } from './types.ts';

const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS']);

interface SmtpErrorLike {
  code?: unknown;
  /** nodemailer keeps the socket's own code (ECONNREFUSED…) here when it sets ESOCKET. */
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

export function classifySmtpReply(responseCode: number, response: string): DeliveryResult {
  const enhanced = ENHANCED.exec(response);
  const code = enhanced ? `${responseCode} ${enhanced[0]}` : String(responseCode);
  const reason = response.slice(0, 500);
  if (enhanced && enhanced[2] === '2' && enhanced[3] === '2')
    return failed('transient', code, reason);
  if (!enhanced && responseCode === 552) return failed('transient', code, reason);
  if (responseCode === 530 || responseCode === 535) return failed('transient', code, reason);
  const klass = enhanced ? enhanced[1] : String(responseCode)[0];
  return failed(klass === '5' ? 'permanent' : 'transient', code, reason);
}

export function classifySmtpError(error: unknown): DeliveryResult {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const errorCode =
    typeof e.originalCode === 'string'
      ? e.originalCode
      : typeof e.code === 'string'
        ? e.code
        : 'ERROR';
  if (CONFIGURATION_CODES.has(errorCode)) return failed('transient', errorCode, message);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400)
    return classifySmtpReply(e.responseCode, typeof e.response === 'string' ? e.response : message);
  // No reply from the server: the connection failed, timed out or was cut.
  return failed('transient', errorCode, message);
}
