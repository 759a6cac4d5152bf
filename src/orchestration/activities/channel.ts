// Email, SMS and Push activities (SPEC O4): the incoming population of profiles sent through the
// delivery pipeline as one execution, planned in the task's transaction — so the messages exist
// exactly when the task is done, and a task that fails or is killed plans nothing. The worktable's
// other columns travel with each message as `target.*`. Exclusions (address, consent, suppression,
// throttling window) are the pipeline's, recorded per message with their reason like any send;
// so are those of the activity's business rules and quiet hours (live marketing sends only).
//
// The output is the input population, passed on unchanged (every recipient, queued or excluded):
// what follows a channel activity works on who was targeted, and the execution's report tells who
// was sent to.
import { channelsDb } from '../../channels/db.ts';
import type { Configuration } from '../../channels/model.ts';
import { getConfiguration } from '../../channels/store.ts';
import { compileContent, contentSources } from '../../content/compile.ts';
import { contentDb } from '../../content/db.ts';
import { loadFragments } from '../../content/fragment-sources.ts';
import type { ChannelContent } from '../../content/model.ts';
import { planExecution } from '../../delivery/plan.ts';
import { assertNever } from '../../platform/assert.ts';
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import { transactionDb } from '../targeting/client-db.ts';
import { runZone, sendControlsOf } from '../channels/controls.ts';
import { populationOf } from '../channels/input.ts';
import { activityFailed, dimensionLabel } from './population.ts';

export type ChannelKind = 'email' | 'sms' | 'push';

const CHANNEL_LABEL: Record<ChannelKind, string> = { email: 'Email', sms: 'SMS', push: 'Push' };

/** What a channel task keeps in its state once it has planned its execution. */
export interface ChannelState {
  executionId: string;
  recipients: number;
  queued: number;
  excluded: number;
}

export function plannedExecutionId(state: Record<string, unknown>): string | undefined {
  return typeof state.executionId === 'string' ? state.executionId : undefined;
}

function passOn(input: Worktable, state?: Record<string, unknown>): ActivityOutcome {
  return { kind: 'done', outputs: { out: input }, ...(state ? { state } : {}) };
}

export async function runChannel(context: ActivityContext<ChannelKind>): Promise<ActivityOutcome> {
  const { activity, state } = context;
  const { config } = activity;
  const label = CHANNEL_LABEL[activity.kind];
  const input = populationOf(context.inputs);
  if (input.dimension.kind !== 'profiles')
    activityFailed(
      `${label} sends to profiles, and this population is of ${dimensionLabel(input.dimension)}: add a Change dimension to profiles before it.`,
    );

  if (context.mode === 'test') {
    context.log(`test run: nothing sent (${input.count} recipients would be targeted)`);
    return passOn(input);
  }
  // A retried task must not plan a second execution for the same recipients.
  const planned = plannedExecutionId(state);
  if (planned) {
    context.log(`Execution ${planned} was planned already: nothing planned again`);
    return passOn(input);
  }
  if (config.confirmSending && context.oneShot && state.confirmed !== true)
    return {
      kind: 'needsAttention',
      reason: `Confirm sending to ${input.count} recipients`,
      state: { population: input.count },
    };

  const db = transactionDb(context.client);
  const configuration = await getConfiguration(
    channelsDb(db),
    context.sandboxId,
    config.configurationId,
  );
  checkConfiguration(configuration, activity.kind, config.category);
  // Compiled as the senders will: broken content fails the activity before anything is planned.
  const content = channelContentOf(activity);
  const fragments = await loadFragments(contentDb(db), context.sandboxId, contentSources(content));
  await compileContent(content, { resolveFragment: fragments.resolve });
  const now = context.now;
  // Business rules and quiet hours, as a scheduled campaign's: only live runs get this far.
  const controls = await sendControlsOf(db, context.sandboxId, config, {
    now,
    defaultZone: () => runZone(context.client, context.sandboxId, context.runId),
  });
  if (controls.described.length) context.log(`Applies ${controls.described.join(' and ')}`);
  const execution = await planExecution(
    context.client,
    {
      sandboxId: context.sandboxId,
      // The orchestrated campaign: its executions are found by campaign, run and activity.
      campaignId: context.campaignId,
      actionId: activity.id,
      runNo: context.runNo,
      channel: activity.kind,
      category: config.category,
      configurationId: configuration.id,
      content: config.content,
      source: { worktable: input.table },
      ratePerSecond: config.ratePerSecond,
      startsAt: now,
      createdBy: context.actorLabel,
      timing: controls.timing,
      frequencyCaps: controls.frequencyCaps,
    },
    configuration,
    now,
  );
  context.log(
    `Planned execution ${execution.id} with "${configuration.name}": ${execution.recipients} recipients, ${execution.queued} queued, ${execution.excluded} excluded`,
  );
  const kept: ChannelState = {
    executionId: execution.id,
    recipients: execution.recipients,
    queued: execution.queued,
    excluded: execution.excluded,
  };
  return passOn(input, { ...kept });
}

function checkConfiguration(
  configuration: Configuration,
  channel: ChannelKind,
  category: Configuration['category'],
): void {
  if (configuration.channel !== channel)
    activityFailed(
      `The configuration "${configuration.name}" sends ${configuration.channel}, not ${channel}.`,
    );
  if (configuration.category !== category)
    activityFailed(
      `The configuration "${configuration.name}" is for ${configuration.category} messages, and this activity sends ${category} ones.`,
    );
}

function channelContentOf(activity: ActivityContext<ChannelKind>['activity']): ChannelContent {
  switch (activity.kind) {
    case 'email':
      return { channel: 'email', content: activity.config.content };
    case 'sms':
      return { channel: 'sms', content: activity.config.content };
    case 'push':
      return { channel: 'push', content: activity.config.content };
    default:
      return assertNever(activity);
  }
}
