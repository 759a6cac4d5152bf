// An API-triggered campaign as the editor holds it, and the patch it saves.
import type { CampaignTrigger } from '../../../src/campaigns/model.ts';
import type { Campaign, CampaignPatch, MessageContent, ReviewProblem } from '../api/campaigns.ts';
import type { Channel } from '../api/channels.ts';
import { starterMessage } from '../campaigns/wizard/MessageEditor.tsx';

export type Category = Campaign['category'];

export interface Draft {
  name: string;
  category: Category;
  description: string;
  tags: string[];
  channel: Channel;
  configurationId: string | null;
  content: MessageContent | null;
  audienceId: string | null;
  namespace: string;
  createProfiles: boolean;
  highThroughput: boolean;
  feedback: boolean;
  startAt: string;
  endAt: string;
  ratePerSecond: number | '';
}

export const SECTIONS: Record<ReviewProblem['step'], { id: string; label: string }> = {
  properties: { id: 'api-properties', label: 'Properties' },
  action: { id: 'api-action', label: 'Action' },
  content: { id: 'api-content', label: 'Content' },
  audience: { id: 'api-audience', label: 'Audience' },
  schedule: { id: 'api-trigger', label: 'Trigger' },
};

export const FIELDS = [
  '/name',
  '/description',
  '/tags',
  '/action',
  '/action/configurationId',
  '/audience',
  '/audience/namespace',
  '/trigger',
  '/trigger/highThroughput',
  '/trigger/startAt',
  '/trigger/endAt',
  '/trigger/ratePerSecond',
];

/** `datetime-local` text for an ISO time, in the browser's zone, and back. */
const localOf = (iso: string | undefined) => {
  if (!iso) return '';
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function draftOf(campaign: Campaign | undefined): Draft {
  const content = campaign?.content?.mode === 'single' ? campaign.content.content : null;
  return {
    name: campaign?.name ?? '',
    category: campaign?.category ?? 'transactional',
    description: campaign?.description ?? '',
    tags: campaign?.tags ?? [],
    channel: campaign?.action?.channel ?? 'email',
    configurationId: campaign?.action?.configurationId ?? null,
    content,
    audienceId: campaign?.audience?.audienceId ?? null,
    namespace: campaign?.audience?.namespace ?? 'email',
    createProfiles: campaign?.trigger?.createProfiles ?? false,
    highThroughput: campaign?.trigger?.highThroughput ?? false,
    feedback: campaign?.trigger?.feedback ?? false,
    startAt: localOf(campaign?.trigger?.startAt),
    endAt: localOf(campaign?.trigger?.endAt),
    ratePerSecond: campaign?.trigger?.ratePerSecond ?? '',
  };
}

export const mayHighThroughput = (draft: Draft) =>
  draft.category === 'transactional' && draft.channel !== 'sms';

export function patchOf(draft: Draft): CampaignPatch {
  const trigger: CampaignTrigger = {
    createProfiles: draft.createProfiles,
    highThroughput: draft.highThroughput && mayHighThroughput(draft),
    feedback: draft.feedback,
  };
  const startAt = isoOf(draft.startAt);
  const endAt = isoOf(draft.endAt);
  if (startAt) trigger.startAt = startAt;
  if (endAt) trigger.endAt = endAt;
  if (draft.ratePerSecond !== '') trigger.ratePerSecond = draft.ratePerSecond;
  return {
    name: draft.name.trim(),
    description: draft.description,
    tags: draft.tags,
    action: draft.configurationId
      ? { channel: draft.channel, configurationId: draft.configurationId }
      : null,
    content: { mode: 'single', content: draft.content ?? starterMessage(draft.channel) },
    audience: draft.audienceId
      ? { audienceId: draft.audienceId, namespace: draft.namespace }
      : null,
    trigger,
  };
}
