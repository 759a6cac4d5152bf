// SMS through Twilio's Messages API or a service that speaks it: a form-encoded POST to
// {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json with basic auth AccountSid:AuthToken.
import type { Credentials, SmsSettings } from '../model.ts';
import {
  classifyHttpStatus,
  httpRequest,
  jsonObject,
  networkFailure,
  stringField,
} from './http.ts';
import {
  DEFAULT_TIMEOUT_MS,
  failed,
  type DeliveryResult,
  type OutgoingSms,
  type ProviderDeps,
  type SmsProvider,
} from './types.ts';

type TwilioSettings = Extract<SmsSettings['provider'], { kind: 'twilio' }>;

/** The number itself is the problem: sending again will not help. */
const RECIPIENT_ERRORS = new Set([
  21211, // invalid 'To' number
  21214, // 'To' number cannot be reached
  21408, // no permission to send to this region
  21610, // the recipient replied STOP
  21612, // no route between 'From' and 'To'
  21614, // 'To' is not a mobile number
  21635, // 'To' is a landline
]);
/** The account or sender is the problem: transient, so fixing the configuration resumes. */
const CONFIGURATION_ERRORS = new Set([
  20003, // authentication failed
  20429, // too many requests
  21212, // invalid 'From' number
  21606, // 'From' cannot send to this destination
  21659, // 'From' is not a Twilio number of this account
  30002, // account suspended
]);

export function classifyTwilioError(status: number, code: number | undefined, reason: string) {
  const label = code === undefined ? `http-${status}` : String(code);
  if (code !== undefined && RECIPIENT_ERRORS.has(code)) return failed('permanent', label, reason);
  if (code !== undefined && CONFIGURATION_ERRORS.has(code))
    return failed('transient', label, reason);
  return classifyHttpStatus(status, label, reason);
}

export function createTwilioProvider(
  settings: SmsSettings,
  twilio: TwilioSettings,
  credentials: Credentials,
  deps: Pick<ProviderDeps, 'timeoutMs'> = {},
): SmsProvider {
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = twilio.baseUrl.replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/Messages.json`;
  const basic = Buffer.from(`${twilio.accountSid}:${credentials.authToken ?? ''}`).toString(
    'base64',
  );
  return {
    async send(sms: OutgoingSms): Promise<DeliveryResult> {
      const form = new URLSearchParams({ To: sms.to, From: settings.senderNumber, Body: sms.body });
      if (sms.statusCallbackUrl) form.set('StatusCallback', sms.statusCallbackUrl);
      let answer;
      try {
        answer = await httpRequest(
          url,
          {
            method: 'POST',
            headers: {
              authorization: `Basic ${basic}`,
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: form.toString(),
          },
          timeout,
        );
      } catch (error) {
        return networkFailure(error);
      }
      const body = jsonObject(answer.text);
      if (answer.status >= 200 && answer.status < 300)
        return { status: 'sent', providerId: stringField(body, 'sid') ?? sms.messageId };
      const code = Number(stringField(body, 'code'));
      return classifyTwilioError(
        answer.status,
        Number.isInteger(code) ? code : undefined,
        stringField(body, 'message') ?? (answer.text.slice(0, 500) || `HTTP ${answer.status}`),
      );
    },
    async close() {},
  };
}
