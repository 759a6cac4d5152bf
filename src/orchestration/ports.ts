// What each activity kind accepts and produces: how many incoming transitions, which output
// ports (some derived from the configuration: a Split's subsets, a Fork's branches), and whether
// it needs a population to work on. The graph validation, the engine and the canvas all read
// this one table. Pure; shared with the console.
import { assertNever } from '../platform/assert.ts';
import type { Activity, ActivityKind } from './model.ts';

/**
 * `none`: a start (nothing comes in); `optional`: may start a workflow or follow another
 * activity (its input is then only a trigger); `one`: exactly one; `many`: one or more, all
 * awaited.
 */
export type InputRule = 'none' | 'optional' | 'one' | 'many';

export type ActivityGroup = 'targeting' | 'flow' | 'channels';

export interface KindInfo {
  group: ActivityGroup;
  input: InputRule;
  /** The incoming population is used (so one must reach it, not just a trigger). */
  needsPopulation: boolean;
  /** Its outputs carry a population (a worktable). */
  producesPopulation: boolean;
}

export const KIND_INFO: Record<ActivityKind, KindInfo> = {
  buildAudience: {
    group: 'targeting',
    input: 'optional',
    needsPopulation: false,
    producesPopulation: true,
  },
  readAudience: {
    group: 'targeting',
    input: 'optional',
    needsPopulation: false,
    producesPopulation: true,
  },
  incrementalQuery: {
    group: 'targeting',
    input: 'optional',
    needsPopulation: false,
    producesPopulation: true,
  },
  loadFile: {
    group: 'targeting',
    input: 'optional',
    needsPopulation: false,
    producesPopulation: true,
  },
  changeDimension: {
    group: 'targeting',
    input: 'one',
    needsPopulation: true,
    producesPopulation: true,
  },
  combine: { group: 'targeting', input: 'many', needsPopulation: true, producesPopulation: true },
  deduplication: {
    group: 'targeting',
    input: 'one',
    needsPopulation: true,
    producesPopulation: true,
  },
  enrichment: { group: 'targeting', input: 'one', needsPopulation: true, producesPopulation: true },
  reconciliation: {
    group: 'targeting',
    input: 'one',
    needsPopulation: true,
    producesPopulation: true,
  },
  split: { group: 'targeting', input: 'one', needsPopulation: true, producesPopulation: true },
  saveAudience: {
    group: 'targeting',
    input: 'one',
    needsPopulation: true,
    producesPopulation: true,
  },
  scheduler: { group: 'flow', input: 'none', needsPopulation: false, producesPopulation: false },
  fork: { group: 'flow', input: 'one', needsPopulation: false, producesPopulation: true },
  andJoin: { group: 'flow', input: 'many', needsPopulation: false, producesPopulation: true },
  wait: { group: 'flow', input: 'one', needsPopulation: false, producesPopulation: true },
  test: { group: 'flow', input: 'one', needsPopulation: false, producesPopulation: true },
  alert: { group: 'flow', input: 'one', needsPopulation: false, producesPopulation: true },
  end: { group: 'flow', input: 'one', needsPopulation: false, producesPopulation: false },
  email: { group: 'channels', input: 'one', needsPopulation: true, producesPopulation: true },
  sms: { group: 'channels', input: 'one', needsPopulation: true, producesPopulation: true },
  push: { group: 'channels', input: 'one', needsPopulation: true, producesPopulation: true },
  directMail: { group: 'channels', input: 'one', needsPopulation: true, producesPopulation: true },
};

export interface OutputPort {
  key: string;
  label: string;
  /** A complement-like port that may stay unconnected without a warning. */
  optional: boolean;
}

const OUT: OutputPort = { key: 'out', label: 'Result', optional: true };

/** The output ports of an activity, in display order. Flow passes its input population on. */
export function outputPorts(activity: Activity): OutputPort[] {
  switch (activity.kind) {
    case 'buildAudience':
    case 'readAudience':
    case 'incrementalQuery':
    case 'changeDimension':
    case 'enrichment':
    case 'saveAudience':
    case 'scheduler':
    case 'andJoin':
    case 'wait':
    case 'alert':
    case 'email':
    case 'sms':
    case 'push':
    case 'directMail':
      return [OUT];
    case 'loadFile':
      return activity.config.rejects === 'skip'
        ? [OUT, { key: 'rejects', label: 'Rejected lines', optional: true }]
        : [OUT];
    case 'combine':
      return activity.config.complement
        ? [OUT, { key: 'complement', label: 'Complement', optional: true }]
        : [OUT];
    case 'deduplication':
      return activity.config.duplicatesOutput
        ? [OUT, { key: 'duplicates', label: 'Duplicates', optional: true }]
        : [OUT];
    case 'reconciliation':
      return activity.config.keepUnreconciled
        ? [OUT, { key: 'unreconciled', label: 'Not reconciled', optional: true }]
        : [OUT];
    case 'split':
      return [
        ...activity.config.subsets.map((s) => ({ key: s.key, label: s.label, optional: false })),
        ...(activity.config.complement
          ? [{ key: 'complement', label: 'Complement', optional: true }]
          : []),
      ];
    case 'fork':
      return activity.config.branches.map((key) => ({ key, label: key, optional: false }));
    case 'test':
      return [
        ...activity.config.branches.map((b) => ({ key: b.key, label: b.label, optional: false })),
        ...(activity.config.defaultBranch
          ? [{ key: 'default', label: 'Default', optional: true }]
          : []),
      ];
    case 'end':
      return [];
    default:
      return assertNever(activity);
  }
}
