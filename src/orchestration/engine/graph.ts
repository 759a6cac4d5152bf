// Readiness of a run's activities, from the definition and the tasks' statuses. Pure.
// A transition is `live` when its source is done and took the transition's port, `dead` when
// its source was skipped, failed under the `ignore` policy or did not take the port (a Test's
// other branches), and `unsettled` otherwise. An activity with input rule `many` (AND-join,
// Combine) waits until every incoming transition is settled and runs if one is live; the others
// run as soon as one incoming transition is live. An activity whose every input is dead is skipped.
import { assertNever } from '../../platform/assert.ts';
import { KIND_INFO } from '../ports.ts';
import type { Activity, Transition, WorkflowDefinition } from '../model.ts';
import type { TaskStatus } from '../db.ts';
import type { Worktable } from './types.ts';

export interface TaskView {
  activityId: string;
  status: TaskStatus;
  /** The ports the activity took, with their populations. */
  outputs: Record<string, Worktable | null>;
  /** Failed under the `ignore` error policy: final, its successors are skipped. */
  ignoredError?: boolean;
}

export type TransitionState = 'live' | 'dead' | 'unsettled';
export type Readiness = 'ready' | 'skip' | 'notYet';

/** Task statuses that keep a run going. */
export const ACTIVE_STATUSES: readonly TaskStatus[] = [
  'pending',
  'running',
  'waiting',
  'needsAttention',
];

export function incomingTransitions(definition: WorkflowDefinition, activityId: string) {
  return definition.transitions.filter((t) => t.to === activityId);
}

export function outgoingTransitions(definition: WorkflowDefinition, activityId: string) {
  return definition.transitions.filter((t) => t.from.activity === activityId);
}

/** Activities that start a run: nothing comes into them. */
export function startActivities(definition: WorkflowDefinition): Activity[] {
  const targets = new Set(definition.transitions.map((t) => t.to));
  return definition.activities.filter((a) => !targets.has(a.id));
}

export function transitionState(
  transition: Transition,
  tasks: ReadonlyMap<string, TaskView>,
): TransitionState {
  const source = tasks.get(transition.from.activity);
  if (!source) return 'dead';
  switch (source.status) {
    case 'done':
      return Object.hasOwn(source.outputs, transition.from.port) ? 'live' : 'dead';
    case 'skipped':
      return 'dead';
    case 'error':
      // Otherwise the run is suspended and the task may be retried.
      return source.ignoredError ? 'dead' : 'unsettled';
    case 'pending':
    case 'running':
    case 'waiting':
    case 'needsAttention':
      return 'unsettled';
    default:
      return assertNever(source.status);
  }
}

export function readiness(
  definition: WorkflowDefinition,
  activity: Activity,
  tasks: ReadonlyMap<string, TaskView>,
): Readiness {
  const incoming = incomingTransitions(definition, activity.id);
  if (incoming.length === 0) return 'ready';
  const states = incoming.map((t) => transitionState(t, tasks));
  if (KIND_INFO[activity.kind].input === 'many') {
    if (states.includes('unsettled')) return 'notYet';
    return states.includes('live') ? 'ready' : 'skip';
  }
  if (states.includes('live')) return 'ready';
  return states.every((s) => s === 'dead') ? 'skip' : 'notYet';
}

/**
 * After some tasks settled: the pending activities downstream that are now ready, and those to
 * skip (transitively: a skipped activity's successors are looked at in turn). `tasks` is updated
 * with the skips.
 */
export function advance(
  definition: WorkflowDefinition,
  tasks: Map<string, TaskView>,
  settled: Iterable<string>,
): { ready: string[]; skipped: string[] } {
  const byId = new Map(definition.activities.map((a) => [a.id, a]));
  const ready = new Set<string>();
  const skipped: string[] = [];
  const queue = [...settled];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const t of outgoingTransitions(definition, from)) {
      const task = tasks.get(t.to);
      const activity = byId.get(t.to);
      if (!task || !activity || task.status !== 'pending') continue;
      const state = readiness(definition, activity, tasks);
      if (state === 'ready') ready.add(t.to);
      else if (state === 'skip') {
        tasks.set(t.to, { ...task, status: 'skipped' });
        skipped.push(t.to);
        ready.delete(t.to);
        queue.push(t.to);
      }
    }
  }
  return { ready: [...ready], skipped };
}

/** Every pending activity that could run now (after a resume, or as a safety net). */
export function readyActivities(
  definition: WorkflowDefinition,
  tasks: ReadonlyMap<string, TaskView>,
): string[] {
  return definition.activities
    .filter((a) => tasks.get(a.id)?.status === 'pending')
    .filter((a) => readiness(definition, a, tasks) === 'ready')
    .map((a) => a.id);
}
