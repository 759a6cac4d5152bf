// The content part as the content step edits it: the three modes, converting one into another
// keeps the message written so far; targeting rules here are "members of an audience".
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { RuleTree } from '../../../../src/audiences/model.ts';
import type { CampaignContent, MessageContent } from '../../api/campaigns.ts';
import type { Channel } from '../../api/channels.ts';
import { starterMessage } from './MessageEditor.tsx';

export type Mode = CampaignContent['mode'];
export type Rules = Extract<CampaignContent, { mode: 'rules' }>;
export type Experiment = Extract<CampaignContent, { mode: 'experiment' }>;

export const audienceRule = (audienceId: string): RuleTree => ({
  version: 1,
  root: { kind: 'group', op: 'and', children: [{ kind: 'audience', audienceId }] },
});
const MembersOf = Type.Object({
  kind: Type.Literal('group'),
  children: Type.Tuple([
    Type.Object({ kind: Type.Literal('audience'), audienceId: Type.String() }),
  ]),
});
/** The audience of a "members of" rule; undefined for rules made otherwise (through the API). */
export function audienceOf(rule: { root: unknown }): string | undefined {
  return Value.Check(MembersOf, rule.root) ? rule.root.children[0].audienceId : undefined;
}

export function mainMessage(content: CampaignContent, channel: Channel): MessageContent {
  switch (content.mode) {
    case 'single':
      return content.content;
    case 'rules':
      return content.fallback ?? content.variants[0]?.content ?? starterMessage(channel);
    case 'experiment':
      return content.treatments[0]?.content ?? starterMessage(channel);
  }
}

export function convert(content: CampaignContent, mode: Mode, channel: Channel): CampaignContent {
  const message = mainMessage(content, channel);
  switch (mode) {
    case 'single':
      return { mode, content: message };
    case 'rules':
      return {
        mode,
        variants: [{ key: 'v1', name: 'Variant 1', rule: audienceRule(''), content: message }],
        fallback: message,
      };
    case 'experiment':
      return {
        mode,
        treatments: [
          { key: 'A', name: 'Treatment A', split: 50, content: message },
          { key: 'B', name: 'Treatment B', split: 50, content: message },
        ],
        holdoutPercent: 10,
        metric: 'clicks',
        winner: 'manual',
      };
  }
}

export const numberOf = (value: string | number) => (typeof value === 'number' ? value : NaN);
export const shown = (value: number) => (Number.isNaN(value) ? '' : value);
