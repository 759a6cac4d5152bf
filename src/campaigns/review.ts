// Review before activation (SPEC S3): every blocking error and warning, each with the wizard
// step where it is fixed. Activation and approval requests refuse a campaign with errors.
import { Value } from '@sinclair/typebox/value';
import { audiencesDb, getAudience } from '../audiences/store.ts';
import { channelsDb } from '../channels/db.ts';
import { getConfiguration } from '../channels/store.ts';
import { compileContent } from '../content/compile.ts';
import { contentDb } from '../content/db.ts';
import { loadFragments } from '../content/fragment-sources.ts';
import { contentSources } from '../content/compile.ts';
import { ChannelContent, type TemplateProblem } from '../content/model.ts';
import type { Db } from '../db/connection.ts';
import { getBusinessRuleSet } from '../governance/business-rules.ts';
import { governanceDb } from '../governance/db.ts';
import { getQuietHours } from '../governance/quiet-hours.ts';
import { AppError } from '../platform/errors.ts';
import { isTimeZone } from '../platform/zoned.ts';
import type { Campaign, CampaignContent, MessageContent, ReviewProblem } from './model.ts';
import { firstSlot } from './schedule.ts';

type Step = ReviewProblem['step'];

class Findings {
  readonly list: ReviewProblem[] = [];
  error(step: Step, code: string, path: string, message: string): void {
    this.list.push({ severity: 'error', step, code, path, message });
  }
  warning(step: Step, code: string, path: string, message: string): void {
    this.list.push({ severity: 'warning', step, code, path, message });
  }
}

/** The contents a campaign may send, with where each lives. */
export function contentsOf(content: CampaignContent): { path: string; content: MessageContent }[] {
  switch (content.mode) {
    case 'single':
      return [{ path: '/content/content', content: content.content }];
    case 'rules':
      return [
        ...content.variants.map((v, i) => ({
          path: `/content/variants/${i}/content`,
          content: v.content,
        })),
        ...(content.fallback ? [{ path: '/content/fallback', content: content.fallback }] : []),
      ];
    case 'experiment':
      return content.treatments.map((t, i) => ({
        path: `/content/treatments/${i}/content`,
        content: t.content,
      }));
  }
}

async function reviewContent(db: Db, sandboxId: string, campaign: Campaign, found: Findings) {
  const content = campaign.content;
  if (!content) return found.error('content', 'CONTENT_REQUIRED', '/content', 'Write the message.');
  if (content.mode === 'experiment') {
    const total = content.treatments.reduce((sum, t) => sum + t.split, 0);
    if (Math.abs(total - 100) > 0.001)
      found.error(
        'content',
        'SPLIT_NOT_100',
        '/content/treatments',
        `The treatments' traffic split adds up to ${total}%, not 100%.`,
      );
    const keys = content.treatments.map((t) => t.key);
    if (new Set(keys).size !== keys.length)
      found.error('content', 'KEYS_NOT_UNIQUE', '/content/treatments', 'Treatment keys repeat.');
  }
  if (content.mode === 'rules') {
    const keys = content.variants.map((v) => v.key);
    if (new Set(keys).size !== keys.length)
      found.error('content', 'KEYS_NOT_UNIQUE', '/content/variants', 'Variant keys repeat.');
    if (!content.fallback)
      found.warning(
        'content',
        'NO_FALLBACK',
        '/content/fallback',
        'Profiles that match no rule get nothing (excluded as NoTargetingRuleMatched).',
      );
  }
  const channel = campaign.action?.channel;
  if (!channel) return;
  for (const item of contentsOf(content)) {
    const typed = { channel, content: item.content };
    if (!Value.Check(ChannelContent, typed)) {
      found.error('content', 'CONTENT_CHANNEL', item.path, `This is not ${channel} content.`);
      continue;
    }
    try {
      const fragments = await loadFragments(contentDb(db), sandboxId, contentSources(typed));
      await compileContent(typed, { resolveFragment: fragments.resolve });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'CONTENT_INVALID') throw error;
      const problems = Array.isArray(error.details) ? (error.details as TemplateProblem[]) : [];
      for (const problem of problems.length ? problems : [{ path: '', message: error.message }])
        found.error(
          'content',
          'CONTENT_INVALID',
          `${item.path}${problem.path}`,
          `${problem.message}${problem.line ? ` (line ${problem.line}, column ${problem.column ?? 1})` : ''}`,
        );
    }
  }
}

async function reviewAction(db: Db, sandboxId: string, campaign: Campaign, found: Findings) {
  const action = campaign.action;
  if (!action)
    return found.error('action', 'ACTION_REQUIRED', '/action', 'Choose a channel configuration.');
  try {
    const configuration = await getConfiguration(channelsDb(db), sandboxId, action.configurationId);
    if (configuration.channel !== action.channel)
      found.error(
        'action',
        'CONFIGURATION_CHANNEL',
        '/action/configurationId',
        `"${configuration.name}" sends ${configuration.channel}, not ${action.channel}.`,
      );
    if (configuration.category !== campaign.category)
      found.error(
        'action',
        'CONFIGURATION_CATEGORY',
        '/action/configurationId',
        `"${configuration.name}" is for ${configuration.category} messages; this campaign is ${campaign.category}.`,
      );
    if (configuration.status !== 'active')
      found.error(
        'action',
        'CONFIGURATION_INACTIVE',
        '/action/configurationId',
        `"${configuration.name}" is ${configuration.status}; activate it first.`,
      );
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CHANNEL_CONFIG_NOT_FOUND') throw error;
    found.error(
      'action',
      'CONFIGURATION_NOT_FOUND',
      '/action/configurationId',
      'The configuration no longer exists.',
    );
  }
}

async function reviewAudience(db: Db, sandboxId: string, campaign: Campaign, found: Findings) {
  if (!campaign.audience) {
    if (campaign.type === 'scheduled')
      found.error('audience', 'AUDIENCE_REQUIRED', '/audience', 'Choose who receives it.');
    return;
  }
  try {
    await getAudience(audiencesDb(db), sandboxId, campaign.audience.audienceId);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'AUDIENCE_NOT_FOUND') throw error;
    found.error(
      'audience',
      'AUDIENCE_NOT_FOUND',
      '/audience/audienceId',
      'The audience no longer exists.',
    );
  }
}

function reviewSchedule(campaign: Campaign, now: Date, found: Findings) {
  const schedule = campaign.schedule;
  if (!schedule) {
    if (campaign.type === 'scheduled')
      found.error('schedule', 'SCHEDULE_REQUIRED', '/schedule', 'Say when it is sent.');
    return;
  }
  if (!isTimeZone(schedule.timeZone))
    return found.error(
      'schedule',
      'TIMEZONE_INVALID',
      '/schedule/timeZone',
      'Not an IANA time zone.',
    );
  if (schedule.start === 'at' && !schedule.startAt)
    found.error('schedule', 'START_REQUIRED', '/schedule/startAt', 'Give the start time.');
  const once = schedule.recurrence.frequency === 'once';
  if (schedule.startAt && new Date(schedule.startAt) < now && schedule.start === 'at')
    found.warning(
      'schedule',
      'START_PASSED',
      '/schedule/startAt',
      once
        ? 'The start time has passed: sending starts at activation.'
        : 'The start time has passed: the first run is the next slot.',
    );
  if (schedule.endAt && schedule.startAt && schedule.endAt <= schedule.startAt)
    found.error('schedule', 'END_BEFORE_START', '/schedule/endAt', 'The end is before the start.');
  if (!once && !schedule.endAt)
    found.warning('schedule', 'NO_END', '/schedule/endAt', 'The campaign recurs with no end.');
  if (schedule.localTime && schedule.waves)
    found.error(
      'schedule',
      'WAVES_WITH_LOCAL_TIME',
      '/schedule/waves',
      'Waves cannot be combined with sending at local time.',
    );
  const waves = schedule.waves;
  if (waves?.mode === 'percent') {
    const total = waves.percents.reduce((a, b) => a + b, 0);
    if (Math.abs(total - 100) > 0.001)
      found.error(
        'schedule',
        'WAVES_NOT_100',
        '/schedule/waves/percents',
        `The waves add up to ${total}%, not 100%.`,
      );
  }
  if (waves?.mode === 'explicit') {
    const times = waves.times.map((t) => Date.parse(t));
    for (let i = 1; i < times.length; i++)
      if ((times[i] ?? 0) - (times[i - 1] ?? 0) < 30 * 60_000)
        found.error(
          'schedule',
          'WAVES_TOO_CLOSE',
          `/schedule/waves/times/${i}`,
          'Waves must start at least 30 minutes after the previous one.',
        );
  }
  if (!firstSlot(schedule, now))
    found.error(
      'schedule',
      'NO_RUN',
      '/schedule',
      'The schedule has no run left before its end date.',
    );
}

async function reviewControls(db: Db, sandboxId: string, campaign: Campaign, found: Findings) {
  const { businessRuleSetId, quietHoursId } = campaign.controls;
  if (campaign.category === 'transactional') {
    if (businessRuleSetId || quietHoursId)
      found.error(
        'schedule',
        'CONTROLS_TRANSACTIONAL',
        '/controls',
        'Business rules and quiet hours apply to marketing campaigns only.',
      );
    return;
  }
  const gov = governanceDb(db);
  const check = async (
    id: string | null | undefined,
    path: string,
    load: () => Promise<{ name: string; status: string }>,
  ) => {
    if (!id) return;
    try {
      const object = await load();
      if (object.status !== 'active')
        found.error('schedule', 'CONTROL_INACTIVE', path, `"${object.name}" is not active.`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      found.error('schedule', 'CONTROL_NOT_FOUND', path, 'It no longer exists.');
    }
  };
  await check(businessRuleSetId, '/controls/businessRuleSetId', () =>
    getBusinessRuleSet(gov, sandboxId, businessRuleSetId ?? ''),
  );
  await check(quietHoursId, '/controls/quietHoursId', () =>
    getQuietHours(gov, sandboxId, quietHoursId ?? ''),
  );
}

/** An API-triggered campaign: its trigger options and what the execution API can send. */
function reviewTrigger(campaign: Campaign, found: Findings) {
  const trigger = campaign.trigger;
  if (campaign.content && campaign.content.mode !== 'single')
    found.error(
      'content',
      'API_CONTENT_SINGLE',
      '/content/mode',
      'API-triggered campaigns send one content (no targeting rules or experiments).',
    );
  if (campaign.controls.businessRuleSetId || campaign.controls.quietHoursId)
    found.error(
      'schedule',
      'API_CONTROLS',
      '/controls',
      'Business rules and quiet hours apply to scheduled campaigns.',
    );
  if (!trigger) return;
  if (trigger.highThroughput && campaign.action?.channel === 'sms')
    found.error(
      'properties',
      'HIGH_THROUGHPUT_CHANNEL',
      '/trigger/highThroughput',
      'High-throughput mode sends email and push only.',
    );
  if (trigger.highThroughput && campaign.category === 'marketing')
    found.error(
      'properties',
      'HIGH_THROUGHPUT_MARKETING',
      '/trigger/highThroughput',
      'High-throughput mode looks up no profile, so it cannot check marketing consent: use it for transactional campaigns.',
    );
  if (trigger.startAt && trigger.endAt && trigger.endAt <= trigger.startAt)
    found.error('schedule', 'END_BEFORE_START', '/trigger/endAt', 'The end is before the start.');
}

export async function reviewProblems(
  db: Db,
  sandboxId: string,
  campaign: Campaign,
  now: Date,
): Promise<ReviewProblem[]> {
  const found = new Findings();
  await reviewAction(db, sandboxId, campaign, found);
  await reviewContent(db, sandboxId, campaign, found);
  await reviewAudience(db, sandboxId, campaign, found);
  if (campaign.type === 'api') reviewTrigger(campaign, found);
  else reviewSchedule(campaign, now, found);
  await reviewControls(db, sandboxId, campaign, found);
  return found.list;
}

/** Refuses activation of a campaign with blocking problems (400 with every problem). */
export function refuseBlocking(problems: ReviewProblem[]): void {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length)
    throw new AppError(
      'CAMPAIGN_NOT_READY',
      `${errors[0]?.path}: ${errors[0]?.message}`,
      errors.map((p) => ({ path: p.path, message: p.message })),
    );
}
