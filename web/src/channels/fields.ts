// Problems of a configuration keyed by the JSON pointers the server uses (`/settings/dkim/domain`,
// `/credentials/dkimPrivateKey`), whether found here before sending or listed by the server on
// save or activation, so both land on the same field and in the same summary.
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { ConfigurationInput } from '../../../src/channels/model.ts';
import { ApiError } from '../api/client.ts';
import type { FieldErrors } from '../api/forms.ts';
import { CREDENTIAL_LABELS } from './labels.ts';

const FIELD_LABELS: Record<string, string> = {
  '/name': 'Name',
  '/description': 'Description',
  '/category': 'Category',
  '/settings/senderName': 'Sender name',
  '/settings/senderAddress': 'Sender address',
  '/settings/replyTo/name': 'Reply-to name',
  '/settings/replyTo/address': 'Reply-to address',
  '/settings/bounceAddress': 'Bounce address',
  '/settings/bccArchive': 'BCC archive',
  '/settings/listUnsubscribe': 'List-Unsubscribe',
  '/settings/listUnsubscribe/mailto': 'Unsubscribe by email',
  '/settings/urlParameters': 'URL parameters',
  '/settings/retryPeriodMinutes': 'Retry period',
  '/settings/softBounceThreshold': 'Soft-bounce threshold',
  '/settings/sendToSpamComplainers': 'Send to spam complainers',
  '/settings/seedList': 'Seed list',
  '/settings/dkim/domain': 'DKIM domain',
  '/settings/dkim/selector': 'DKIM selector',
  '/settings/provider': 'Provider',
  '/settings/provider/host': 'SMTP host',
  '/settings/provider/port': 'SMTP port',
  '/settings/provider/security': 'Connection security',
  '/settings/provider/username': 'SMTP username',
  '/settings/provider/maxConnections': 'Connections',
  '/settings/provider/url': 'URL',
  '/settings/provider/baseUrl': 'API base URL',
  '/settings/provider/accountSid': 'Account SID',
  '/settings/senderNumber': 'Sender number',
  '/settings/platform': 'Platform',
  '/settings/appId': 'App id',
  '/settings/mailbox': 'Local mailbox',
  '/settings/apns/teamId': 'APNs team id',
  '/settings/apns/keyId': 'APNs key id',
  '/settings/apns/endpoint': 'APNs endpoint',
  '/settings/fcm/endpoint': 'FCM endpoint',
  '/settings/fcm/tokenUrl': 'FCM token URL',
  '/settings/web/subject': 'VAPID subject',
  '/settings/web/publicKey': 'VAPID public key',
  ...Object.fromEntries(
    Object.entries(CREDENTIAL_LABELS).map(([name, label]) => [`/credentials/${name}`, label]),
  ),
};

/** Problems about a whole group, shown at the group's first field. */
const ALIASES: Record<string, string> = {
  '/settings/dkim': '/settings/dkim/domain',
  '/settings/apns': '/settings/apns/teamId',
  '/settings/web': '/settings/web/subject',
  '/settings/replyTo': '/settings/replyTo/address',
  '/settings/listUnsubscribe/oneClick': '/settings/listUnsubscribe',
};

export const placeOf = (path: string) => ALIASES[path] ?? path;

/** The field name a person reads in the summary for a problem's path. */
export function labelOf(path: string): string {
  const place = placeOf(path);
  const row = /^\/settings\/(urlParameters|seedList)\/(\d+)(?:\/(\w+))?/.exec(place);
  if (row?.[1] === 'urlParameters')
    return `URL parameter ${Number(row[2]) + 1} ${row[3] === 'value' ? 'value' : 'name'}`;
  if (row?.[1] === 'seedList') return `Seed list address ${Number(row[2]) + 1}`;
  for (let at = place; at; at = at.slice(0, at.lastIndexOf('/'))) {
    const label = FIELD_LABELS[at];
    if (label) return label;
  }
  return place;
}

/** The id of the input a problem belongs to, for "show me" links. */
export const fieldId = (path: string) => `field${placeOf(path).replace(/\//g, '-')}`;

const sentence = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

const PATTERN_HINTS: [RegExp, string][] = [
  [/\/(host|domain)$/, 'Enter a host name, e.g. mail.example.com'],
  [/\/(url|baseUrl|endpoint|tokenUrl)$/, 'Enter an http:// or https:// address'],
  [/\/selector$/, 'Letters, digits, dots, hyphens and underscores (up to 63)'],
  [/\/urlParameters\/\d+\/name$/, 'Letters, digits, dots, hyphens and underscores'],
  [/\/senderNumber$/, 'Enter a number like +4915112345678, or up to 11 letters and digits'],
  [/\/(teamId|keyId)$/, '10 capital letters or digits'],
  [/\/subject$/, 'Start with mailto: or https://'],
  [/\/publicKey$/, 'The VAPID public key in base64url (87 characters)'],
];

function readable(error: ValueError): string {
  const limit = (key: string) => {
    const value: unknown = error.schema[key];
    return typeof value === 'number' ? value : 0;
  };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'Required';
    case ValueErrorType.StringMinLength:
      return 'Required';
    case ValueErrorType.StringMaxLength:
      return `Use at most ${limit('maxLength')} characters`;
    case ValueErrorType.StringFormat:
      if (error.value === '') return 'Required';
      return error.schema.format === 'email' ? 'Enter a valid email address' : error.message;
    case ValueErrorType.StringPattern: {
      if (error.value === '') return 'Required';
      const hint = PATTERN_HINTS.find(([pattern]) => pattern.test(error.path))?.[1];
      const description: unknown = error.schema.description;
      return hint ?? (typeof description === 'string' ? description : 'Has the wrong format');
    }
    case ValueErrorType.Integer:
      return Number.isNaN(error.value) ? 'Required' : 'Enter a whole number';
    case ValueErrorType.IntegerMinimum:
      return `Use at least ${limit('minimum')}`;
    case ValueErrorType.IntegerMaximum:
      return `Use at most ${limit('maximum')}`;
    case ValueErrorType.ArrayMaxItems:
      return `At most ${limit('maxItems')}`;
    case ValueErrorType.Union:
      return 'Choose one of the options';
    default:
      return error.message;
  }
}

/** The member of a union of objects tagged by `channel` or `kind` that the value claims to be. */
function variantOf(schema: TSchema, value: unknown): TSchema | undefined {
  if (!KindGuard.IsUnion(schema) || typeof value !== 'object' || value === null) return undefined;
  const tagged = value as Record<string, unknown>;
  const tag = 'channel' in tagged ? 'channel' : 'kind' in tagged ? 'kind' : undefined;
  if (!tag) return undefined;
  return schema.anyOf.find((member) => {
    if (!KindGuard.IsObject(member)) return false;
    const literal = member.properties[tag];
    return literal !== undefined && KindGuard.IsLiteral(literal) && literal.const === tagged[tag];
  });
}

function collect(schema: TSchema, value: unknown, prefix: string, out: FieldErrors): void {
  for (const error of Value.Errors(schema, value)) {
    const path = `${prefix}${error.path}`;
    // A union names no field; the member the value chose does.
    const variant = error.type === ValueErrorType.Union && variantOf(error.schema, error.value);
    if (variant) collect(variant, error.value, path, out);
    else out[placeOf(path || '/')] ??= readable(error);
  }
}

/** What is wrong with the form before anything is sent: required fields, formats, limits. */
export function configurationErrors(input: unknown): FieldErrors {
  const out: FieldErrors = {};
  collect(ConfigurationInput, input, '', out);
  return out;
}

/** The server's field problems (activation or validation), each at its field. */
export function serverProblems(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const detail of error.fieldErrors) out[placeOf(detail.path)] ??= sentence(detail.message);
  return out;
}

/** The first problem at or under a path (seed list addresses, parameter rows). */
export function errorUnder(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const key = Object.keys(errors).find((key) => key.startsWith(`${path}/`));
  return key ? errors[key] : undefined;
}

/** The errors left once a field is edited: its own and those under it go, the others stay. */
export function withoutField(errors: FieldErrors, path: string): FieldErrors {
  const keys = Object.keys(errors).filter((key) => key === path || key.startsWith(`${path}/`));
  if (keys.length === 0) return errors;
  const rest = { ...errors };
  for (const key of keys) delete rest[key];
  return rest;
}
