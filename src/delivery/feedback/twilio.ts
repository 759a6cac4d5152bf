// Twilio status callbacks (`StatusCallback`): a form-encoded POST per status change of an SMS,
// signed with the account's auth token. Verified as Twilio documents it: HMAC-SHA1 over the full
// URL Twilio called followed by every POST parameter, sorted by name, as name + value with no
// separators; base64; compared with `X-Twilio-Signature`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { openCredentials } from '../../channels/secrets.ts';
import { AppError } from '../../platform/errors.ts';
import { classifyTwilioError } from './classify.ts';
import {
  confirmDelivery,
  findSmsByProviderId,
  recordFeedback,
  type FeedbackDeps,
  type FeedbackResult,
} from './store.ts';

export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const sorted = [...params.entries()].sort(([a, x], [b, y]) =>
    a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  const hmac = createHmac('sha1', authToken);
  hmac.update(url);
  for (const [name, value] of sorted) hmac.update(name + value);
  return hmac.digest('base64');
}

export function verifyTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: URLSearchParams,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const refused = () =>
  new AppError('UNAUTHENTICATED', 'The X-Twilio-Signature does not match this request.');

async function authTokenOf(
  deps: FeedbackDeps & { secret: string },
  configurationId: string,
): Promise<{ sandboxId: string; authToken: string } | undefined> {
  if (!UUID.test(configurationId)) return undefined;
  const found = await deps.pool.query<{
    sandbox_id: string;
    id: string;
    credentials: Buffer | null;
  }>(
    `SELECT sandbox_id, id, credentials FROM channel_configurations WHERE id = $1 AND channel = 'sms'`,
    [configurationId],
  );
  const row = found.rows[0];
  if (!row?.credentials) return undefined;
  const credentials = openCredentials(deps.secret, `${row.sandbox_id}/${row.id}`, row.credentials);
  return credentials.authToken
    ? { sandboxId: row.sandbox_id, authToken: credentials.authToken }
    : undefined;
}

export type TwilioCallbackOutcome =
  | { outcome: 'delivered' }
  | { outcome: 'recorded'; result: FeedbackResult }
  | { outcome: 'unchanged' };

/**
 * One status callback for an SMS sent with the configuration. `delivered` (and `read`) confirm
 * the message; `undelivered` and `failed` mark it failed, recorded with the error code's kind —
 * a number that is bad (30005, 21211, …) is suppressed, STOP (21610) as an unsubscribe. Other
 * statuses (queued, sending, sent, …) change nothing. Throws 401 unless the signature matches.
 */
export async function handleTwilioCallback(
  deps: FeedbackDeps & { secret: string },
  input: { configurationId: string; url: string; signature: string | undefined; body: string },
): Promise<TwilioCallbackOutcome> {
  const account = await authTokenOf(deps, input.configurationId);
  const params = new URLSearchParams(input.body);
  if (!account || !verifyTwilioSignature(account.authToken, input.signature, input.url, params))
    throw refused();
  const status = (params.get('MessageStatus') ?? params.get('SmsStatus') ?? '').toLowerCase();
  const sid = params.get('MessageSid') ?? params.get('SmsSid') ?? '';
  const to = params.get('To') ?? '';
  const message =
    sid && to
      ? await findSmsByProviderId(deps.pool, account.sandboxId, input.configurationId, to, sid)
      : undefined;
  if (status === 'delivered' || status === 'read') {
    if (message) await confirmDelivery(deps, message);
    return { outcome: 'delivered' };
  }
  if (status !== 'undelivered' && status !== 'failed') return { outcome: 'unchanged' };
  if (!message && !to) return { outcome: 'unchanged' };
  const rawCode = params.get('ErrorCode') ?? '';
  const code = /^\d+$/.test(rawCode) ? Number(rawCode) : undefined;
  const classification = classifyTwilioError(code);
  const result = await recordFeedback(deps, {
    sandboxId: account.sandboxId,
    channel: 'sms',
    source: 'callback',
    classification,
    address: message?.address ?? to,
    statusCode: code === undefined ? null : String(code),
    diagnostic: `${status}: ${params.get('ErrorMessage') || classification.why}`,
    message,
    configurationId: input.configurationId,
    messageOutcome: 'failed',
  });
  return { outcome: 'recorded', result };
}
