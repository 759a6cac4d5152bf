// The REST contracts of orchestrated campaigns (SPEC O5): the campaign, its create and patch
// bodies, list query, problems, launches, runs, tasks, previews and alerts. Shared with the
// console (forms validate with these schemas), so this file imports nothing server-only.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';
import { ActivityId, WorkflowDefinition } from './model.ts';

export const ORCHESTRATED_STATUSES = [
  'draft',
  'publishing',
  'live',
  'scheduled',
  'completed',
  'closed',
  'stopped',
  'archived',
] as const;
export const OrchestratedStatus = Type.Union(ORCHESTRATED_STATUSES.map((s) => Type.Literal(s)));
export type OrchestratedStatus = Static<typeof OrchestratedStatus>;

export const ErrorPolicy = Type.Union(
  [
    Type.Object({ mode: Type.Literal('suspend') }, { additionalProperties: false }),
    Type.Object(
      {
        mode: Type.Literal('ignore'),
        maxConsecutiveErrors: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
      },
      { additionalProperties: false },
    ),
    Type.Object({ mode: Type.Literal('abort') }, { additionalProperties: false }),
  ],
  {
    description:
      'suspend: a failed activity pauses the run until retried; ignore: the run goes on (up to ' +
      'maxConsecutiveErrors failed runs in a row, then the campaign pauses); abort: the run stops',
  },
);
export type ErrorPolicy = Static<typeof ErrorPolicy>;

export const EMPTY_DEFINITION: WorkflowDefinition = { version: 1, activities: [], transitions: [] };

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 2000 });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 });

export const OrchestratedCampaign = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  status: OrchestratedStatus,
  /** Live or scheduled, but launching nothing and its run paused. */
  paused: Type.Boolean(),
  version: Type.Integer(),
  /** The campaign this version replaces when published. */
  replacesId: Type.Union([Uuid, Type.Null()]),
  definition: WorkflowDefinition,
  errorPolicy: ErrorPolicy,
  nextLaunchAt: Type.Union([Timestamp, Type.Null()]),
  lastSignalAt: Type.Union([Timestamp, Type.Null()]),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type OrchestratedCampaign = Static<typeof OrchestratedCampaign>;

export const OrchestratedCreate = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    definition: Type.Optional(WorkflowDefinition),
    errorPolicy: Type.Optional(ErrorPolicy),
  },
  { additionalProperties: false },
);
export type OrchestratedCreate = Static<typeof OrchestratedCreate>;

export const OrchestratedPatch = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    definition: Type.Optional(WorkflowDefinition),
    errorPolicy: Type.Optional(ErrorPolicy),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrchestratedPatch = Static<typeof OrchestratedPatch>;

export const OrchestratedQuery = Type.Object({
  status: Type.Optional(OrchestratedStatus),
  /** Text in the name or description. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Type.String({ maxLength: 50 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type OrchestratedQuery = Static<typeof OrchestratedQuery>;

export const WorkflowProblem = Type.Object({
  activityId: Type.Optional(Type.String()),
  transitionId: Type.Optional(Type.String()),
  path: Type.String({ description: 'Where in the definition: /activities/2/config/primary' }),
  message: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
});

export const ValidationReport = Type.Object({
  /** No error: the campaign can be test-run and published. */
  valid: Type.Boolean(),
  problems: Type.Array(WorkflowProblem),
});
export type ValidationReport = Static<typeof ValidationReport>;

export const Launches = Type.Object({
  items: Type.Array(Timestamp, { description: 'The next launches, at most 10' }),
  frequency: Type.Union([Type.String(), Type.Null()]),
});

export const TriggerBody = Type.Object(
  {
    variables: Type.Optional(
      Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), {
        description: 'Run variables, read by Test conditions and content',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TriggerBody = Static<typeof TriggerBody>;

export const RunMode = Type.Union([Type.Literal('test'), Type.Literal('live')]);
export const RunView = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  runNo: Type.Integer(),
  mode: RunMode,
  trigger: Type.Union([Type.Literal('manual'), Type.Literal('schedule'), Type.Literal('signal')]),
  status: Type.Union(
    (['running', 'paused', 'completed', 'failed', 'stopped'] as const).map((s) => Type.Literal(s)),
  ),
  oneShot: Type.Boolean(),
  variables: Type.Record(Type.String(), Type.Unknown()),
  error: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  startedAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  purgedAt: Type.Union([Timestamp, Type.Null()]),
});
export type RunView = Static<typeof RunView>;

export const TaskLogLine = Type.Object({
  at: Type.String(),
  level: Type.String(),
  message: Type.String(),
  sql: Type.Optional(Type.String()),
});

export const TaskView = Type.Object({
  activityId: ActivityId,
  kind: Type.String(),
  status: Type.Union(
    (['pending', 'running', 'waiting', 'needsAttention', 'error', 'done', 'skipped'] as const).map(
      (s) => Type.Literal(s),
    ),
  ),
  attempts: Type.Integer(),
  wakeAt: Type.Union([Timestamp, Type.Null()]),
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  /** Rows per output port taken (`null`: a port without a population). */
  counts: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Null()])),
  /** Why it waits for a person (confirm sending), when it does. */
  error: Type.Union([Type.String(), Type.Null()]),
});
export type TaskView = Static<typeof TaskView>;

export const TaskDetail = Type.Object({
  ...TaskView.properties,
  logs: Type.Array(TaskLogLine),
  state: Type.Record(Type.String(), Type.Unknown()),
});
export type TaskDetail = Static<typeof TaskDetail>;

export const RunDetail = Type.Object({
  ...RunView.properties,
  definition: WorkflowDefinition,
  tasks: Type.Array(TaskView),
});
export type RunDetail = Static<typeof RunDetail>;

export const RunParams = Type.Object({ id: Uuid, runId: Uuid });
export const TaskParams = Type.Object({ id: Uuid, runId: Uuid, activityId: ActivityId });
export const TransitionParams = Type.Object({ id: Uuid, runId: Uuid, transitionId: ActivityId });

export const WorktablePreview = Type.Object({
  transitionId: Type.String(),
  count: Type.Integer(),
  dimension: Type.Unknown(),
  keys: Type.Array(Type.String()),
  columns: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});
export type WorktablePreview = Static<typeof WorktablePreview>;

export const OrchestratedAlert = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  runId: Uuid,
  activityId: Type.String(),
  subject: Type.String(),
  message: Type.String(),
  createdAt: Timestamp,
  readAt: Type.Union([Timestamp, Type.Null()]),
});
export type OrchestratedAlert = Static<typeof OrchestratedAlert>;

export const OrchestratedFile = Type.Object({
  id: Uuid,
  name: Type.String(),
  sizeBytes: Type.Integer(),
  lineCount: Type.Integer(),
  headers: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Timestamp,
});
export type OrchestratedFile = Static<typeof OrchestratedFile>;

/**
 * A schema as the HTTP layer compiles it: a definition repeats the audience rule tree, whose
 * recursive schema carries an `$id`; the compilers accept each `$id` once, so later copies
 * become references to the first. Same shape, same validation.
 */
export function wireSchema<T extends TSchema>(schema: T): T {
  const seen = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const record = node as Record<string, unknown>;
    const id = record.$id;
    if (typeof id === 'string') {
      if (seen.has(id)) return { $ref: id };
      seen.add(id);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, walk(v)]));
  };
  return walk(schema) as T;
}

/**
 * A response schema as the server serialises it: the definition (checked when written) goes out
 * as plain JSON, sparing each route a serialiser compiled from the whole activity union.
 */
export function responseSchema<T extends TSchema & { properties: { definition: TSchema } }>(
  schema: T,
) {
  return Type.Object({
    ...schema.properties,
    definition: Type.Unknown({
      description: 'The workflow definition, as WorkflowDefinition in the request bodies',
    }),
  });
}
