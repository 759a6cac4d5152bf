// A campaign run as the send pipeline's one entry point: content and its variants, timing
// (local time, waves, quiet hours), frequency caps and throttle, from the campaign's parts.
import { asRuleTree, audiencesDb, compileAudienceRule } from '../audiences/store.ts';
import type { Db } from '../db/connection.ts';
import type { ExecutionRequest, FrequencyCap, TimingPlan, VariantPlan } from '../delivery/model.ts';
import { getBusinessRuleSet } from '../governance/business-rules.ts';
import { governanceDb } from '../governance/db.ts';
import { frequencyCapsOf, quietHoursPlan } from '../governance/plans.ts';
import { getQuietHours } from '../governance/quiet-hours.ts';
import type { Campaign, CampaignContent, MessageContent } from './model.ts';
import { timingFor } from './schedule.ts';

export const ACTION_ID = 'action';

export interface ContentPlan {
  content: MessageContent;
  variants?: VariantPlan | undefined;
}

/** What each recipient is sent: one content, rule-chosen variants, or experiment treatments. */
export async function contentPlan(
  db: Db,
  sandboxId: string,
  campaign: Campaign,
  content: CampaignContent,
  now: Date,
): Promise<ContentPlan> {
  switch (content.mode) {
    case 'single':
      return { content: content.content };
    case 'rules': {
      const rules = [];
      for (const variant of content.variants)
        rules.push({
          key: variant.key,
          query: await compileAudienceRule(
            audiencesDb(db),
            sandboxId,
            asRuleTree(variant.rule),
            now,
          ),
          content: variant.content,
        });
      const first = content.variants[0];
      if (!first) throw new Error('a rules content without variants');
      return {
        // Without a fallback nobody gets this: unmatched profiles are excluded.
        content: content.fallback ?? first.content,
        variants: { kind: 'rules', rules, hasFallback: content.fallback !== null },
      };
    }
    case 'experiment': {
      const scaled = content.treatments.find((t) => t.key === content.scaledTo);
      if (scaled) return { content: scaled.content };
      const first = content.treatments[0];
      if (!first) throw new Error('an experiment without treatments');
      return {
        content: first.content,
        variants: {
          kind: 'experiment',
          // The campaign's id: a recurring campaign keeps each profile in its treatment.
          experimentId: campaign.id,
          holdoutPercent: content.holdoutPercent,
          treatments: content.treatments.map((t) => ({
            key: t.key,
            weight: t.split,
            content: t.content,
          })),
        },
      };
    }
  }
}

/** The business rules and quiet hours of a marketing campaign, when active. */
async function controlsFor(
  db: Db,
  sandboxId: string,
  campaign: Campaign,
  now: Date,
): Promise<{ caps: FrequencyCap[]; quietHours: TimingPlan['quietHours'] }> {
  if (campaign.category !== 'marketing') return { caps: [], quietHours: undefined };
  const gov = governanceDb(db);
  const { businessRuleSetId, quietHoursId } = campaign.controls;
  const ruleSet = businessRuleSetId
    ? await getBusinessRuleSet(gov, sandboxId, businessRuleSetId)
    : undefined;
  const quiet = quietHoursId ? await getQuietHours(gov, sandboxId, quietHoursId) : undefined;
  return {
    caps: ruleSet?.status === 'active' ? frequencyCapsOf(ruleSet, now) : [],
    quietHours: quiet?.status === 'active' ? quietHoursPlan(quiet) : undefined,
  };
}

export async function executionRequestFor(options: {
  db: Db;
  sandboxId: string;
  campaign: Campaign;
  runNo: number;
  slotAt: Date;
  snapshotId: string;
  now: Date;
}): Promise<ExecutionRequest> {
  const { campaign, db, sandboxId, now } = options;
  const { action, content, schedule } = campaign;
  if (!action || !content || !schedule) throw new Error(`campaign ${campaign.id} is incomplete`);
  const plan = await contentPlan(db, sandboxId, campaign, content, now);
  const controls = await controlsFor(db, sandboxId, campaign, now);
  let timing = timingFor(schedule, options.slotAt, options.runNo === 1);
  if (controls.quietHours)
    timing = { ...(timing ?? { defaultZone: schedule.timeZone }), quietHours: controls.quietHours };
  const startsAt = options.slotAt < now ? now : options.slotAt;
  return {
    sandboxId,
    campaignId: campaign.id,
    actionId: ACTION_ID,
    channel: action.channel,
    category: campaign.category,
    configurationId: action.configurationId,
    content: plan.content,
    variants: plan.variants,
    source: { snapshotId: options.snapshotId },
    ratePerSecond: schedule.ratePerSecond,
    startsAt,
    createdBy: `campaign ${campaign.name}`.slice(0, 200),
    runNo: options.runNo,
    timing,
    frequencyCaps: controls.caps.length ? controls.caps : undefined,
  };
}
