// What a bounce, complaint or provider error means for the address it is about. Five kinds:
// - hard: the address does not exist or will never take mail: suppressed at once;
// - soft: the address may take mail later (mailbox full, host down): counted, and suppressed when
//   the configuration's soft-bounce threshold is reached;
// - ignored: not the address's fault and nothing to fix on our side (a delayed notice, a spam or
//   reputation block that passes, greylisting): recorded only;
// - admin: our sending setup is refused (DKIM/SPF/DMARC, the sender address, content or size):
//   recorded for an administrator, the address is not punished;
// - complaint: the recipient reported the message as spam: suppressed at once.
//
// Email is classified by the RFC 3463 enhanced status code in the tables below (first match
// wins). A generic code (X.0.0) is read from the code inside the Diagnostic-Code / SMTP reply
// when there is one, else from the reply's words; words that say "no such user" make a
// permanent failure hard even under a code the table calls soft (e.g. "550 5.4.1 Recipient
// address rejected: Access denied", which is how some large providers answer for unknown users).
import type { DeliveryResult } from '../../channels/providers/types.ts';
import type { Channel } from '../../profiles/model.ts';
import type { SuppressionCategory } from '../suppressions.ts';

export const FEEDBACK_KINDS = ['hard', 'soft', 'ignored', 'admin', 'complaint'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface Classification {
  kind: FeedbackKind;
  /** Why, in a few words (the table's note). */
  why: string;
  /** The suppression category when it is not the kind's usual one (SMS STOP: unsubscribe). */
  suppressAs?: SuppressionCategory | undefined;
}

interface StatusRule {
  /** Matches `class.subject.detail`, e.g. `5.1.1`. */
  code: RegExp;
  kind: FeedbackKind;
  why: string;
}

/** Enhanced status codes (RFC 3463, RFC 7372, the IANA registry), first match wins. */
export const STATUS_RULES: readonly StatusRule[] = [
  // X.7 security and policy: authentication of our mail, our account — an administrator's job.
  {
    code: /^[45]\.7\.(2[0-7]|29|30)$/,
    kind: 'admin',
    why: 'sender authentication failed (DKIM, SPF, DMARC, reverse DNS, null MX, ARC, REQUIRETLS)',
  },
  {
    code: /^[45]\.7\.([3-9]|1[0-4]|16)$/,
    kind: 'admin',
    why: "our sending setup is refused (encryption, integrity, the relay's credentials or account)",
  },
  {
    code: /^[45]\.7\.1[78]$/,
    kind: 'hard',
    why: 'the mailbox or domain has changed owner (RFC 7293)',
  },
  {
    code: /^[45]\.7\.\d+$/,
    kind: 'ignored',
    why: 'refused by policy (spam filtering, reputation, rate): not the address',
  },
  // X.1 addressing.
  { code: /^[45]\.1\.[78]$/, kind: 'admin', why: "the sender's address is refused" },
  { code: /^[45]\.1\.[59]$/, kind: 'ignored', why: 'not a failure of the address' },
  {
    code: /^5\.1\.\d+$/,
    kind: 'hard',
    why: 'bad destination mailbox or domain (no such user, no such domain, bad syntax, moved, null MX)',
  },
  // X.2 mailbox, X.3 mail system: a message too big is the message's fault.
  {
    code: /^[45]\.(2\.3|3\.[34])$/,
    kind: 'admin',
    why: 'the message is too big or needs features the receiver lacks',
  },
  { code: /^5\.4\.4$/, kind: 'hard', why: 'the domain cannot be routed (no MX or address)' },
  // X.5 protocol, X.6 content and media: our MTA or our content.
  {
    code: /^[45]\.[56]\.\d+$/,
    kind: 'admin',
    why: 'a protocol or content problem on our side',
  },
  {
    code: /^4\.\d+\.\d+$/,
    kind: 'soft',
    why: 'a temporary failure the receiver gave up on (mailbox full, host down, expired)',
  },
  {
    code: /^5\.[234]\.\d+$/,
    kind: 'soft',
    why: 'mailbox full or disabled, mail system or network trouble: may pass later',
  },
];

/** Words in a permanent reply that mean the mailbox does not exist. */
const NO_SUCH_USER = [
  /\bno such (user|mailbox|recipient|address|account)\b/i,
  /\b(unknown|invalid) (user|recipient|mailbox|address|account)\b/i,
  /\b(user|mailbox|recipient|address|account)( name)? (is )?(unknown|not found|does ?n[o']t exist|no longer (exists|available|active))\b/i,
  /\brecipient address rejected\b/i,
  /\buser doesn't have an? [\w.-]+ account\b/i,
];
/** Words in a reply without a specific code that mean a spam or reputation block. */
const BLOCKED = [
  /\b(spam|junk|blocked|block ?list(ed)?|black ?list(ed)?|dnsbl|rbl|spamhaus|reputation|poor sender)\b/i,
  /\b(rejected|refused) (for|due to|because of) (policy|content)\b/i,
];

const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

/** The enhanced code in a Status field or an SMTP reply (`5.1.1`), if any. */
export function enhancedCode(text: string | undefined): string | undefined {
  const found = text ? ENHANCED.exec(text) : null;
  return found ? `${found[1]}.${Number(found[2])}.${Number(found[3])}` : undefined;
}

/**
 * A failed delivery's kind from its enhanced status code and its diagnostic text (the SMTP
 * reply or Diagnostic-Code). `status` may be missing when a reply has a basic code only; pass
 * `basic` (e.g. 550) then.
 */
export function classifyStatus(
  status: string | undefined,
  diagnostic = '',
  basic?: number,
): Classification {
  let code = enhancedCode(status);
  const generic = !code || /^\d\.0\.0$/.test(code);
  if (generic) code = enhancedCode(diagnostic) ?? code;
  if (!code && basic !== undefined && basic >= 200 && basic < 600) code = `${String(basic)[0]}.0.0`;
  if (!code) return { kind: 'ignored', why: 'no status code' };
  if (code.startsWith('2.')) return { kind: 'ignored', why: 'success, not a failure' };
  const permanent = code.startsWith('5.');
  const blocked = BLOCKED.some((re) => re.test(diagnostic));
  const noSuchUser = permanent && !blocked && NO_SUCH_USER.some((re) => re.test(diagnostic));
  if (/^\d\.0\.0$/.test(code)) {
    if (noSuchUser) return { kind: 'hard', why: 'the reply says the mailbox does not exist' };
    if (blocked) return { kind: 'ignored', why: 'the reply says it was blocked as spam' };
    return permanent
      ? { kind: 'soft', why: 'a permanent failure without a specific code: counted' }
      : { kind: 'soft', why: 'a temporary failure without a specific code' };
  }
  const rule = STATUS_RULES.find((r) => r.code.test(code));
  if (!rule) return { kind: permanent ? 'soft' : 'ignored', why: 'an unlisted status code' };
  if (rule.kind === 'soft' && noSuchUser)
    return { kind: 'hard', why: 'the reply says the mailbox does not exist' };
  return { kind: rule.kind, why: rule.why };
}

/** One per-recipient block of a DSN (RFC 3464 §2.3). */
export interface DsnRecipient {
  action: string;
  status: string | undefined;
  diagnostic: string;
}

/**
 * A DSN recipient block: `failed` by its status code; `delayed` (the MTA is still trying),
 * `delivered`, `relayed` and `expanded` are no failure.
 */
export function classifyDsn(recipient: DsnRecipient): Classification | 'delivered' {
  const action = recipient.action.toLowerCase();
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return 'delivered';
  if (action !== 'failed')
    return { kind: 'ignored', why: `the receiver reports "${action || 'no action'}"` };
  return classifyStatus(recipient.status, recipient.diagnostic);
}

/**
 * An ARF report's Feedback-Type (RFC 5965, RFC 6650): `abuse` is a spam complaint; `not-spam`,
 * `fraud` (someone forged us), `virus` and `other` are recorded only.
 */
export function classifyFeedbackType(type: string | undefined): Classification {
  const t = (type ?? '').trim().toLowerCase();
  if (t === 'abuse')
    return { kind: 'complaint', why: 'the recipient reported the message as spam' };
  return { kind: 'ignored', why: `a feedback report of type "${t || 'none'}"` };
}

/** Twilio error codes of undelivered and failed messages, by what they say about the number. */
export const TWILIO_ERRORS: Readonly<Record<number, Classification>> = {
  21211: { kind: 'hard', why: "invalid 'To' number" },
  21214: { kind: 'hard', why: "the 'To' number cannot be reached" },
  21612: { kind: 'hard', why: "no route to the 'To' number" },
  21614: { kind: 'hard', why: "'To' is not a mobile number" },
  21635: { kind: 'hard', why: "'To' is a landline" },
  30005: { kind: 'hard', why: 'unknown destination handset' },
  30006: { kind: 'hard', why: 'landline or unreachable carrier' },
  21610: { kind: 'hard', why: 'the recipient replied STOP', suppressAs: 'unsubscribe' },
  30003: { kind: 'soft', why: 'the handset is unreachable (off, out of coverage)' },
  30004: { kind: 'soft', why: 'message blocked by the recipient or the carrier' },
  30008: { kind: 'soft', why: 'unknown error' },
  30009: { kind: 'soft', why: 'missing segment' },
  30001: { kind: 'ignored', why: 'queue overflow (the account sends too fast)' },
  30022: { kind: 'ignored', why: 'rate limit of the sender registration exceeded' },
  30002: { kind: 'admin', why: 'the account is suspended' },
  30007: { kind: 'admin', why: 'filtered by the carrier (content or sender)' },
  30010: { kind: 'admin', why: 'the message price exceeds the maximum' },
  30024: { kind: 'admin', why: 'the sender id is not provisioned by the carrier' },
  30032: { kind: 'admin', why: 'the toll-free number is not verified' },
  30034: { kind: 'admin', why: 'the sender number is not registered (A2P 10DLC)' },
  21408: { kind: 'admin', why: 'no permission to send to this region' },
  21606: { kind: 'admin', why: "the 'From' number cannot send to this destination" },
  21212: { kind: 'admin', why: "invalid 'From' number" },
  21659: { kind: 'admin', why: "'From' is not a number of this account" },
  20003: { kind: 'admin', why: 'authentication failed' },
};

/** An SMS that was not delivered, by its Twilio error code (soft when there is none). */
export function classifyTwilioError(code: number | undefined): Classification {
  if (code !== undefined && TWILIO_ERRORS[code]) return TWILIO_ERRORS[code];
  return { kind: 'soft', why: code === undefined ? 'undelivered' : `error ${code}` };
}

/**
 * A failure reported while sending, if it says something about the address: a permanent SMTP
 * reply by its code; of the temporary ones only "mailbox full" (X.2.2), which counts towards the
 * threshold — greylisting, rate limits and connection trouble are the retries' business. SMS
 * when the provider's error code says the number is bad; push when the token is dead. Undefined
 * when there is nothing to record.
 */
export function classifySendFailure(
  channel: Channel,
  result: Extract<DeliveryResult, { status: 'failed' }>,
): Classification | undefined {
  switch (channel) {
    case 'email': {
      const reply = /^([245]\d\d)\b/.exec(result.code);
      if (!reply) return undefined;
      const basic = Number(reply[1]);
      const code = enhancedCode(result.code);
      if (result.kind === 'transient') {
        if (code && /^[45]\.2\.2$/.test(code))
          return { kind: 'soft', why: 'mailbox full (RFC 3463: persistent transient)' };
        return undefined;
      }
      return classifyStatus(code, result.reason, basic);
    }
    case 'sms': {
      // Account and sender errors come back transient (fixing the configuration resumes).
      const known = /^\d+$/.test(result.code) ? TWILIO_ERRORS[Number(result.code)] : undefined;
      return result.kind === 'permanent' && known?.kind === 'hard' ? known : undefined;
    }
    case 'push':
      return result.invalidToken ? { kind: 'hard', why: 'the device token is dead' } : undefined;
    default:
      return undefined;
  }
}
