// API contracts of profiles, identities, consent, subscription lists, push tokens and events.
// Shared with the console; imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ChannelName = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

export const NamespaceCode = Type.String({
  pattern: '^[a-zA-Z][a-zA-Z0-9_]{1,39}$',
  description: 'Letters, digits and underscores; 2–40 characters, starting with a letter',
});
export const IdentityInput = Type.Object(
  { namespace: NamespaceCode, value: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type IdentityInput = Static<typeof IdentityInput>;

export const ConsentStatus = Type.Union([
  Type.Literal('y'),
  Type.Literal('n'),
  Type.Literal('unknown'),
]);
export type ConsentStatus = Static<typeof ConsentStatus>;
export const ConsentInput = Type.Object(
  {
    email: Type.Optional(ConsentStatus),
    sms: Type.Optional(ConsentStatus),
    push: Type.Optional(ConsentStatus),
  },
  { additionalProperties: false },
);
export type ConsentInput = Static<typeof ConsentInput>;

export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. Europe/Paris',
});
export const Language = Type.String({
  pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$',
  description: 'BCP 47 language tag, e.g. fr-FR',
});

export const ProfileUpsert = Type.Object(
  {
    identities: Type.Array(IdentityInput, { minItems: 1, maxItems: 20 }),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Deep-merged into the stored attributes',
      }),
    ),
    timezone: Type.Optional(Type.Union([TimeZone, Type.Null()])),
    language: Type.Optional(Type.Union([Language, Type.Null()])),
    testProfile: Type.Optional(Type.Boolean()),
    consent: Type.Optional(ConsentInput),
    consentSource: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type ProfileUpsert = Static<typeof ProfileUpsert>;

export const ConsentState = Type.Object({
  status: ConsentStatus,
  source: Type.Union([Type.String(), Type.Null()]),
  changedAt: Type.Union([Timestamp, Type.Null()]),
});
export const Profile = Type.Object({
  id: Uuid,
  identities: Type.Array(Type.Object({ namespace: Type.String(), value: Type.String() })),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  timezone: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([Type.String(), Type.Null()]),
  testProfile: Type.Boolean(),
  consent: Type.Object({ email: ConsentState, sms: ConsentState, push: ConsentState }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Profile = Static<typeof Profile>;

export const ProfileSearch = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  identity: Type.Optional(
    Type.String({ minLength: 1, maxLength: 256, description: 'Identity value prefix' }),
  ),
  namespace: Type.Optional(NamespaceCode),
  attribute: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_.-]+$',
      maxLength: 200,
      description: 'Dotted attribute path, e.g. loyalty.tier',
    }),
  ),
  value: Type.Optional(
    Type.String({ maxLength: 500, description: 'Attribute value (JSON number/boolean or text)' }),
  ),
  testProfile: Type.Optional(Type.Boolean()),
  updatedSince: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'Profiles created or changed at or after this time',
    }),
  ),
});
export const ProfileLookup = Type.Object({
  namespace: NamespaceCode,
  value: Type.String({ minLength: 1, maxLength: 256 }),
});

export const Namespace = Type.Object({
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  builtIn: Type.Boolean(),
});
export type Namespace = Static<typeof Namespace>;
export const NamespaceCreate = Type.Object(
  {
    code: NamespaceCode,
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type NamespaceCreate = Static<typeof NamespaceCreate>;

export const ConsentChange = Type.Object(
  {
    channel: ChannelName,
    status: ConsentStatus,
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const ConsentHistoryEntry = Type.Object({
  channel: ChannelName,
  status: ConsentStatus,
  source: Type.String(),
  at: Timestamp,
});

export const SubscriptionList = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  members: Type.Integer(),
  createdAt: Timestamp,
});
export const SubscriptionListCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const ProfileSubscription = Type.Object({
  id: Uuid,
  name: Type.String(),
  source: Type.String(),
  subscribedAt: Timestamp,
});
export const MembershipChange = Type.Object(
  { profileId: Uuid, source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);

export const PUSH_PLATFORMS = ['apns', 'apnsSandbox', 'fcm', 'web'] as const;
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];
export const WebPushKeys = Type.Object(
  {
    p256dh: Type.String({ minLength: 1, maxLength: 200 }),
    auth: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export const PushTokenCreate = Type.Object(
  {
    platform: Type.Union(PUSH_PLATFORMS.map((p) => Type.Literal(p))),
    appId: Type.String({ minLength: 1, maxLength: 200 }),
    token: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'Device token, or the Web Push endpoint URL',
    }),
    webKeys: Type.Optional(WebPushKeys),
  },
  { additionalProperties: false },
);
export type PushTokenCreate = Static<typeof PushTokenCreate>;
export const PushToken = Type.Object({
  id: Uuid,
  platform: Type.String(),
  appId: Type.String(),
  token: Type.String(),
  webKeys: Type.Union([WebPushKeys, Type.Null()]),
  active: Type.Boolean(),
  deactivatedAt: Type.Union([Timestamp, Type.Null()]),
  deactivatedReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export const PushTokenDeactivate = Type.Object(
  {
    appId: Type.String({ minLength: 1, maxLength: 200 }),
    token: Type.String({ minLength: 1, maxLength: 4096 }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const EventType = Type.String({
  pattern: '^[A-Za-z0-9_.:-]{1,100}$',
  description: 'e.g. purchase, cart.abandoned',
});
export const EventInput = Type.Object(
  {
    identity: IdentityInput,
    type: EventType,
    at: Type.Optional(Timestamp),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type EventInput = Static<typeof EventInput>;
export const EventBatch = Type.Object(
  { events: Type.Array(EventInput, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export const ProfileEvent = Type.Object({
  id: Type.String(),
  type: Type.String(),
  at: Timestamp,
  properties: Type.Record(Type.String(), Type.Unknown()),
});
export const EventQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  type: Type.Optional(EventType),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
});
