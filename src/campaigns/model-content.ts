// A campaign's action and content (SPEC S, C7): the one channel action, and what it sends: one
// message, rule-based variants, or an experiment between treatments. Shared with the console.
import { Type, type Static } from '@sinclair/typebox';
import { RuleTree } from '../audiences/model.ts';
import { EmailContent, PushContent, SmsContent } from '../content/model.ts';
import { Uuid } from '../platform/model.ts';
import { ChannelName } from '../profiles/model.ts';

export const CampaignActionPart = Type.Object(
  { channel: ChannelName, configurationId: Uuid },
  { additionalProperties: false, description: 'The one action: channel and its configuration' },
);
export type CampaignActionPart = Static<typeof CampaignActionPart>;

/** Content of the action's channel (checked against the channel by the service). */
export const MessageContent = Type.Union([EmailContent, SmsContent, PushContent]);
export type MessageContent = Static<typeof MessageContent>;

const VariantKey = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' });
const VariantName = Type.String({ minLength: 1, maxLength: 200 });

export const Treatment = Type.Object(
  {
    key: VariantKey,
    name: VariantName,
    /** Share of the non-holdout traffic, in percent; the treatments' shares add up to 100. */
    split: Type.Number({ minimum: 0, maximum: 100 }),
    content: MessageContent,
  },
  { additionalProperties: false },
);
export type Treatment = Static<typeof Treatment>;

export const ExperimentMetric = Type.Union([Type.Literal('opens'), Type.Literal('clicks')]);

export const CampaignContent = Type.Union([
  Type.Object(
    { mode: Type.Literal('single'), content: MessageContent },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('rules'),
      /** Ordered: the first rule a profile matches gives its content. */
      variants: Type.Array(
        Type.Object(
          { key: VariantKey, name: VariantName, rule: RuleTree, content: MessageContent },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 20 },
      ),
      /** Content for profiles no rule matches; without it they are excluded. */
      fallback: Type.Union([MessageContent, Type.Null()]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('experiment'),
      treatments: Type.Array(Treatment, { minItems: 2, maxItems: 10 }),
      /** Percent of the audience that receives nothing, to measure against (default 10). */
      holdoutPercent: Type.Number({ minimum: 0, maximum: 50, default: 10 }),
      metric: ExperimentMetric,
      /** Recurring campaigns: `automatic` sends only the winner once it is significant. */
      winner: Type.Union([Type.Literal('manual'), Type.Literal('automatic')]),
      /** Set when the winner was scaled: every later run sends only this treatment. */
      scaledTo: Type.Optional(Type.Union([VariantKey, Type.Null()])),
    },
    { additionalProperties: false },
  ),
]);
export type CampaignContent = Static<typeof CampaignContent>;
