// Channel configurations (SPEC X1): how a sandbox sends email, SMS and push — sender identity,
// provider, delivery rules — with credentials that are written once and never read back.
// Shared with the console; imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';

export const CONFIGURATION_STATUSES = ['draft', 'active', 'deactivated'] as const;
export type ConfigurationStatus = (typeof CONFIGURATION_STATUSES)[number];
export const MessageCategory = Type.Union([
  Type.Literal('marketing'),
  Type.Literal('transactional'),
]);
export type MessageCategory = Static<typeof MessageCategory>;

const Email = Type.String({ format: 'email', maxLength: 254 });
const HttpUrl = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000 });
const Host = Type.String({ pattern: '^[A-Za-z0-9.-]{1,253}$' });

/** Where email goes out. `mailbox` is Clarion's local mailbox (nothing leaves the machine). */
export const EmailProvider = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('smtp'),
      host: Host,
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      security: Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')]),
      username: Type.Optional(Type.String({ maxLength: 200 })),
      maxConnections: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('http'),
      url: HttpUrl,
    },
    { additionalProperties: false, description: 'HTTP email API (JSON POST with a bearer key)' },
  ),
  Type.Object({ kind: Type.Literal('mailbox') }, { additionalProperties: false }),
]);
export type EmailProvider = Static<typeof EmailProvider>;

export const EmailSettings = Type.Object(
  {
    senderName: Type.String({ minLength: 1, maxLength: 200 }),
    senderAddress: Email,
    replyTo: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String({ maxLength: 200 })), address: Email },
        { additionalProperties: false },
      ),
    ),
    bounceAddress: Type.Optional(Email),
    bccArchive: Type.Optional(Email),
    listUnsubscribe: Type.Object(
      {
        oneClick: Type.Boolean({ description: 'RFC 8058 one-click URL (List-Unsubscribe-Post)' }),
        mailto: Type.Optional(Email),
      },
      { additionalProperties: false },
    ),
    urlParameters: Type.Array(
      Type.Object(
        {
          name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }),
          value: Type.String({ maxLength: 500 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
    retryPeriodMinutes: Type.Integer({ minimum: 10, maximum: 5040 }),
    softBounceThreshold: Type.Integer({ minimum: 1, maximum: 20 }),
    sendToSpamComplainers: Type.Boolean({
      description: 'Transactional only: also send to addresses suppressed for a spam complaint',
    }),
    seedList: Type.Array(Email, { maxItems: 50 }),
    dkim: Type.Optional(
      Type.Object(
        {
          domain: Host,
          selector: Type.String({ pattern: '^[A-Za-z0-9._-]{1,63}$' }),
        },
        { additionalProperties: false, description: 'The private key goes in credentials' },
      ),
    ),
    provider: EmailProvider,
  },
  { additionalProperties: false },
);
export type EmailSettings = Static<typeof EmailSettings>;

export const SmsProvider = Type.Union([
  Type.Object(
    { kind: Type.Literal('twilio'), baseUrl: HttpUrl, accountSid: Type.String({ minLength: 1 }) },
    { additionalProperties: false, description: 'Twilio or a Twilio-compatible REST API' },
  ),
  Type.Object({ kind: Type.Literal('webhook'), url: HttpUrl }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('mailbox') }, { additionalProperties: false }),
]);
export type SmsProvider = Static<typeof SmsProvider>;

export const SmsSettings = Type.Object(
  {
    senderNumber: Type.String({
      pattern: '^(\\+[1-9]\\d{6,14}|[A-Za-z0-9 ]{1,11})$',
      description: 'E.164 number or an alphanumeric sender id (≤ 11 characters)',
    }),
    retryPeriodMinutes: Type.Integer({ minimum: 10, maximum: 5040 }),
    provider: SmsProvider,
  },
  { additionalProperties: false },
);
export type SmsSettings = Static<typeof SmsSettings>;

export const PushPlatform = Type.Union([
  Type.Literal('apns'),
  Type.Literal('apnsSandbox'),
  Type.Literal('fcm'),
  Type.Literal('web'),
]);
export type PushPlatform = Static<typeof PushPlatform>;

export const PushSettings = Type.Object(
  {
    platform: PushPlatform,
    appId: Type.String({ minLength: 1, maxLength: 200, description: 'Bundle id / package name' }),
    mailbox: Type.Optional(
      Type.Boolean({
        description:
          "Capture notifications in Clarion's local mailbox instead of sending them to the platform",
      }),
    ),
    apns: Type.Optional(
      Type.Object(
        {
          teamId: Type.String({ pattern: '^[A-Z0-9]{10}$' }),
          keyId: Type.String({ pattern: '^[A-Z0-9]{10}$' }),
          endpoint: Type.Optional(HttpUrl),
        },
        { additionalProperties: false },
      ),
    ),
    fcm: Type.Optional(
      Type.Object(
        { endpoint: Type.Optional(HttpUrl), tokenUrl: Type.Optional(HttpUrl) },
        { additionalProperties: false },
      ),
    ),
    web: Type.Optional(
      Type.Object(
        {
          subject: Type.String({ pattern: '^(mailto:|https://)', maxLength: 500 }),
          publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{80,100}$' }),
        },
        { additionalProperties: false },
      ),
    ),
    retryPeriodMinutes: Type.Integer({ minimum: 10, maximum: 5040 }),
  },
  { additionalProperties: false },
);
export type PushSettings = Static<typeof PushSettings>;

/** Secrets, by name. Written with a create or update; never returned. */
export const Credentials = Type.Object(
  {
    smtpPassword: Type.Optional(Type.String({ maxLength: 1000 })),
    apiKey: Type.Optional(Type.String({ maxLength: 2000 })),
    dkimPrivateKey: Type.Optional(Type.String({ maxLength: 10_000 })),
    authToken: Type.Optional(Type.String({ maxLength: 1000 })),
    webhookSecret: Type.Optional(Type.String({ maxLength: 1000 })),
    apnsPrivateKey: Type.Optional(Type.String({ maxLength: 10_000 })),
    fcmServiceAccount: Type.Optional(Type.String({ maxLength: 20_000 })),
    vapidPrivateKey: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type Credentials = Static<typeof Credentials>;
export type CredentialName = keyof Credentials;

/** The most messages per second the configuration sends, over all its executions and workers. */
export const MaxPerSecond = Type.Integer({
  minimum: 1,
  maximum: 10_000,
  description:
    'Most messages per second sent with this configuration, across all campaigns and workers (no limit when absent)',
});

const ConfigurationFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  category: MessageCategory,
  maxPerSecond: Type.Optional(MaxPerSecond),
  credentials: Type.Optional(Credentials),
};

export const ConfigurationInput = Type.Union([
  Type.Object(
    { channel: Type.Literal('email'), settings: EmailSettings, ...ConfigurationFields },
    { additionalProperties: false },
  ),
  Type.Object(
    { channel: Type.Literal('sms'), settings: SmsSettings, ...ConfigurationFields },
    { additionalProperties: false },
  ),
  Type.Object(
    { channel: Type.Literal('push'), settings: PushSettings, ...ConfigurationFields },
    { additionalProperties: false },
  ),
]);
export type ConfigurationInput = Static<typeof ConfigurationInput>;
export type ChannelSettings = ConfigurationInput['settings'];

const ConfigurationCommon = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  category: MessageCategory,
  maxPerSecond: Type.Optional(Type.Integer()),
  status: Type.Union(CONFIGURATION_STATUSES.map((s) => Type.Literal(s))),
  /** Names of the credentials that are set; their values are never returned. */
  credentialsSet: Type.Array(Type.String()),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  activatedAt: Type.Union([Timestamp, Type.Null()]),
};
export const Configuration = Type.Union([
  Type.Object({ ...ConfigurationCommon, channel: Type.Literal('email'), settings: EmailSettings }),
  Type.Object({ ...ConfigurationCommon, channel: Type.Literal('sms'), settings: SmsSettings }),
  Type.Object({ ...ConfigurationCommon, channel: Type.Literal('push'), settings: PushSettings }),
]);
export type Configuration = Static<typeof Configuration>;
