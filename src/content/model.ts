// TypeBox schemas of the content API: email, SMS and push content, fragments, templates, render
// and preview. Shared with the console, so this file imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';

/** Authored template text. Its size in bytes (≤ 1 MB) is checked by the service, naming the field. */
const TemplateText = (description: string) => Type.String({ maxLength: 4_000_000, description });
const Line = (description: string) => Type.String({ maxLength: 4_000_000, description });

export const EmailFormat = Type.Union([Type.Literal('html'), Type.Literal('mjml')]);
export type EmailFormat = Static<typeof EmailFormat>;

export const EmailContent = Type.Object(
  {
    subject: Line('Subject line (personalisable)'),
    preheader: Type.Optional(Line('Preview text shown after the subject by mail clients')),
    format: EmailFormat,
    body: TemplateText('HTML or MJML body with personalization'),
    text: Type.Optional(TemplateText('Plain-text part; generated from the HTML when left out')),
    senderName: Type.Optional(Line('Overrides the channel configuration’s sender name')),
    replyTo: Type.Optional(Line('Overrides the channel configuration’s reply-to address')),
  },
  { additionalProperties: false },
);
export type EmailContent = Static<typeof EmailContent>;

export const SmsContent = Type.Object(
  { body: TemplateText('Message text with personalization') },
  { additionalProperties: false },
);
export type SmsContent = Static<typeof SmsContent>;

export const PushContent = Type.Object(
  {
    title: Line('Notification title'),
    body: TemplateText('Notification text'),
    imageUrl: Type.Optional(Line('Image shown with the notification')),
    url: Type.Optional(Line('Deep link or web URL opened on tap')),
    data: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Line('value (personalisable)'), {
        description: 'Custom key-value data handed to the app',
      }),
    ),
    badge: Type.Optional(Type.Integer({ minimum: 0, maximum: 99_999 })),
    sound: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type PushContent = Static<typeof PushContent>;

export const ContentChannel = Type.Union([
  Type.Literal('email'),
  Type.Literal('sms'),
  Type.Literal('push'),
]);
export type ContentChannel = Static<typeof ContentChannel>;

export const ChannelContent = Type.Union([
  Type.Object({ channel: Type.Literal('email'), content: EmailContent }),
  Type.Object({ channel: Type.Literal('sms'), content: SmsContent }),
  Type.Object({ channel: Type.Literal('push'), content: PushContent }),
]);
export type ChannelContent = Static<typeof ChannelContent>;

// ---- fragments and templates ----

export const FragmentName = Type.String({
  pattern: '^[A-Za-z0-9_][A-Za-z0-9_./-]*$',
  minLength: 1,
  maxLength: 100,
  description: 'Included as {{> name}}',
});
export const FragmentKind = Type.Union([Type.Literal('html'), Type.Literal('text')]);
export type FragmentKind = Static<typeof FragmentKind>;

export const Fragment = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: FragmentKind,
  description: Type.String(),
  body: Type.String(),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});
export type Fragment = Static<typeof Fragment>;

export const FragmentInput = Type.Object(
  {
    name: FragmentName,
    kind: FragmentKind,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    body: TemplateText('Fragment text; may include other fragments'),
  },
  { additionalProperties: false },
);
export type FragmentInput = Static<typeof FragmentInput>;

export const TemplateName = Type.String({ minLength: 1, maxLength: 200 });

const templateFields = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
};
export const ContentTemplate = Type.Union([
  Type.Object({ ...templateFields, channel: Type.Literal('email'), content: EmailContent }),
  Type.Object({ ...templateFields, channel: Type.Literal('sms'), content: SmsContent }),
  Type.Object({ ...templateFields, channel: Type.Literal('push'), content: PushContent }),
]);
export type ContentTemplate = Static<typeof ContentTemplate>;

const templateInputFields = {
  name: TemplateName,
  description: Type.Optional(Type.String({ maxLength: 1000 })),
};
export const TemplateInput = Type.Union([
  Type.Object(
    { ...templateInputFields, channel: Type.Literal('email'), content: EmailContent },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...templateInputFields, channel: Type.Literal('sms'), content: SmsContent },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...templateInputFields, channel: Type.Literal('push'), content: PushContent },
    { additionalProperties: false },
  ),
]);
export type TemplateInput = Static<typeof TemplateInput>;

export const TemplateSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  channel: ContentChannel,
  version: Type.Integer(),
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});
export type TemplateSummary = Static<typeof TemplateSummary>;

// ---- render and preview ----

const DataObject = (description: string) =>
  Type.Record(Type.String(), Type.Unknown(), { description });

export const RenderRequest = Type.Object(
  {
    template: TemplateText('Template text'),
    data: Type.Optional(
      DataObject('Data roots: {profile, context, audience, target}; profileId fills profile'),
    ),
    profileId: Type.Optional(Uuid),
    escape: Type.Optional(Type.Union([Type.Literal('html'), Type.Literal('none')])),
  },
  { additionalProperties: false },
);
export type RenderRequest = Static<typeof RenderRequest>;

export const PreviewSource = {
  profileId: Type.Optional(Uuid),
  data: Type.Optional(
    DataObject(
      'Pasted sample data {profile?, context?, audience?, target?}; used without a profile',
    ),
  ),
  context: Type.Optional(DataObject('API trigger payload, as {{context.*}}')),
};
export const PreviewRequest = Type.Union([
  Type.Object(
    { channel: Type.Literal('email'), content: EmailContent, ...PreviewSource },
    { additionalProperties: false },
  ),
  Type.Object(
    { channel: Type.Literal('sms'), content: SmsContent, ...PreviewSource },
    { additionalProperties: false },
  ),
  Type.Object(
    { channel: Type.Literal('push'), content: PushContent, ...PreviewSource },
    { additionalProperties: false },
  ),
]);
export type PreviewRequest = Static<typeof PreviewRequest>;

export const EmailLink = Type.Object({
  index: Type.Integer({ description: 'Order of the link in the HTML' }),
  label: Type.String(),
  url: Type.String(),
});
export type EmailLink = Static<typeof EmailLink>;

export const SmsAnalysis = Type.Object({
  encoding: Type.Union([Type.Literal('GSM-7'), Type.Literal('UCS-2')]),
  characters: Type.Integer(),
  units: Type.Integer(),
  segments: Type.Integer(),
  unitsPerSegment: Type.Integer(),
  remaining: Type.Integer(),
  nonGsmCharacters: Type.Array(Type.String()),
});

export const PushPlatformPayload = Type.Object({
  payload: Type.Unknown(),
  bytes: Type.Integer(),
  limit: Type.Integer(),
  fits: Type.Boolean(),
});

export const PreviewResult = Type.Union([
  Type.Object({
    channel: Type.Literal('email'),
    subject: Type.String(),
    preheader: Type.String(),
    senderName: Type.Union([Type.String(), Type.Null()]),
    replyTo: Type.Union([Type.String(), Type.Null()]),
    html: Type.String(),
    text: Type.String(),
    links: Type.Array(EmailLink),
    sizes: Type.Object({ html: Type.Integer(), text: Type.Integer() }),
  }),
  Type.Object({ channel: Type.Literal('sms'), text: Type.String(), analysis: SmsAnalysis }),
  Type.Object({
    channel: Type.Literal('push'),
    title: Type.String(),
    body: Type.String(),
    imageUrl: Type.Union([Type.String(), Type.Null()]),
    url: Type.Union([Type.String(), Type.Null()]),
    payloads: Type.Object({
      apns: PushPlatformPayload,
      fcm: PushPlatformPayload,
      web: PushPlatformPayload,
    }),
  }),
]);
export type PreviewResult = Static<typeof PreviewResult>;

/** A problem in a template: the field, and where in it. */
export interface TemplateProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
  /** The fragment the problem is in, when it is not in the field itself. */
  fragment?: string;
}
