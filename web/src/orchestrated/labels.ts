// How activity kinds, groups, campaign and task statuses look on screen: one table each, read by
// the palette, the nodes, the side panel and the run panels.
import {
  IconArrowsExchange,
  IconArrowsSplit,
  IconArrowsSplit2,
  IconBell,
  IconCalendarTime,
  IconColumnInsertRight,
  IconDatabaseSearch,
  IconDeviceFloppy,
  IconDeviceMobile,
  IconFileUpload,
  IconFilterMinus,
  IconGitFork,
  IconGitMerge,
  IconHourglass,
  IconLayersIntersect,
  IconLink,
  IconMail,
  IconMailbox,
  IconMessage,
  IconPlayerStop,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { ActivityKind } from '../../../src/orchestration/model.ts';
import type { OrchestratedStatus } from '../../../src/orchestration/api-model.ts';
import type { ActivityGroup } from '../../../src/orchestration/ports.ts';

export interface KindLook {
  label: string;
  icon: Icon;
  /** What it does, in the palette's tooltip. */
  help: string;
}

export const KIND_LOOK: Record<ActivityKind, KindLook> = {
  buildAudience: {
    label: 'Build audience',
    icon: IconUsersGroup,
    help: 'Rows of a dimension (profiles or a dataset) chosen by rules.',
  },
  readAudience: { label: 'Read audience', icon: IconUsers, help: 'The members of an audience.' },
  incrementalQuery: {
    label: 'Incremental query',
    icon: IconDatabaseSearch,
    help: 'Rows whose date is after the last successful run.',
  },
  loadFile: { label: 'Load file', icon: IconFileUpload, help: 'Rows of an uploaded CSV file.' },
  changeDimension: {
    label: 'Change dimension',
    icon: IconArrowsExchange,
    help: 'Follows a link: orders to their profiles, profiles to their orders.',
  },
  combine: {
    label: 'Combine',
    icon: IconLayersIntersect,
    help: 'Union, intersection or exclusion of several populations.',
  },
  deduplication: {
    label: 'Deduplication',
    icon: IconFilterMinus,
    help: 'Keeps one row (or N) per value of chosen columns.',
  },
  enrichment: {
    label: 'Enrichment',
    icon: IconColumnInsertRight,
    help: 'Adds columns: linked attributes, aggregates, first linked rows.',
  },
  reconciliation: {
    label: 'Reconciliation',
    icon: IconLink,
    help: 'Matches file rows to profiles.',
  },
  split: {
    label: 'Split',
    icon: IconArrowsSplit,
    help: 'Ordered subsets by filters and limits, with a complement.',
  },
  saveAudience: {
    label: 'Save audience',
    icon: IconDeviceFloppy,
    help: 'Creates or replaces a static audience.',
  },
  scheduler: {
    label: 'Scheduler',
    icon: IconCalendarTime,
    help: 'When the workflow starts: once, daily, weekly, on a signal…',
  },
  fork: { label: 'Fork', icon: IconGitFork, help: 'Runs several branches in parallel.' },
  andJoin: { label: 'AND-join', icon: IconGitMerge, help: 'Waits for every incoming branch.' },
  wait: { label: 'Wait', icon: IconHourglass, help: 'Waits a duration or until a time.' },
  test: {
    label: 'Test',
    icon: IconArrowsSplit2,
    help: 'Takes the first branch whose conditions hold.',
  },
  alert: { label: 'Alert', icon: IconBell, help: 'Notifies users.' },
  end: { label: 'End', icon: IconPlayerStop, help: 'Ends a branch; may signal another campaign.' },
  email: { label: 'Email', icon: IconMail, help: 'Sends an email to the population.' },
  sms: { label: 'SMS', icon: IconMessage, help: 'Sends an SMS to the population.' },
  push: { label: 'Push', icon: IconDeviceMobile, help: 'Sends a push notification.' },
  directMail: {
    label: 'Direct mail',
    icon: IconMailbox,
    help: 'A CSV file of chosen columns for a mailing house.',
  },
};

export const GROUP_LOOK: Record<ActivityGroup, { label: string; color: string }> = {
  targeting: { label: 'Targeting', color: 'blue' },
  flow: { label: 'Flow control', color: 'grape' },
  channels: { label: 'Channels', color: 'teal' },
};

export type CampaignStatus = OrchestratedStatus;

export const CAMPAIGN_LOOK: Record<CampaignStatus, { color: string; label: string }> = {
  draft: { color: 'gray', label: 'Draft' },
  publishing: { color: 'yellow', label: 'Publishing' },
  live: { color: 'green', label: 'Live' },
  scheduled: { color: 'blue', label: 'Scheduled' },
  completed: { color: 'teal', label: 'Completed' },
  closed: { color: 'dark', label: 'Closed' },
  stopped: { color: 'orange', label: 'Stopped' },
  archived: { color: 'gray', label: 'Archived' },
};

export type TaskStatus =
  'pending' | 'running' | 'waiting' | 'needsAttention' | 'error' | 'done' | 'skipped';

/** Per-activity colours on the canvas after or during a run. */
export const TASK_LOOK: Record<TaskStatus, { color: string; label: string }> = {
  pending: { color: 'gray', label: 'Pending' },
  running: { color: 'blue', label: 'Running' },
  waiting: { color: 'cyan', label: 'Waiting' },
  needsAttention: { color: 'yellow', label: 'Needs attention' },
  error: { color: 'red', label: 'Error' },
  done: { color: 'green', label: 'Done' },
  skipped: { color: 'gray', label: 'Skipped' },
};

export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'stopped';

export const RUN_LOOK: Record<RunStatus, { color: string; label: string }> = {
  running: { color: 'blue', label: 'Running' },
  paused: { color: 'yellow', label: 'Paused' },
  completed: { color: 'teal', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  stopped: { color: 'orange', label: 'Stopped' },
};
