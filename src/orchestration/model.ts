// The workflow definition of an orchestrated campaign (SPEC O1–O4): activities joined by
// transitions, each activity a kind with a typed configuration. Shared with the console (the
// canvas validates with these schemas), so this file imports nothing server-only.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DEFINITION_VERSION, MAX_ACTIVITIES, ActivityId, PortKey } from './model-base.ts';
import {
  BuildAudience,
  ReadAudience,
  IncrementalQuery,
  LoadFile,
  ChangeDimension,
  Combine,
  Deduplication,
  Enrichment,
  Reconciliation,
  Split,
  SaveAudience,
} from './model-targeting.ts';
import {
  Schedule,
  Fork,
  AndJoin,
  Wait,
  Test,
  Alert,
  End,
  EmailActivity,
  SmsActivity,
  PushActivity,
  DirectMail,
} from './model-flow.ts';

export * from './model-base.ts';
export * from './model-targeting.ts';
export * from './model-flow.ts';
// ---- activities ----

const Position = Type.Object(
  { x: Type.Number(), y: Type.Number() },
  { additionalProperties: false },
);

function activity<K extends string, C extends TSchema>(kind: K, config: C) {
  return Type.Object(
    {
      id: ActivityId,
      kind: Type.Literal(kind),
      label: Type.String({ minLength: 1, maxLength: 100 }),
      position: Position,
      config,
    },
    { additionalProperties: false },
  );
}

export const Activity = Type.Union([
  activity('buildAudience', BuildAudience),
  activity('readAudience', ReadAudience),
  activity('incrementalQuery', IncrementalQuery),
  activity('loadFile', LoadFile),
  activity('changeDimension', ChangeDimension),
  activity('combine', Combine),
  activity('deduplication', Deduplication),
  activity('enrichment', Enrichment),
  activity('reconciliation', Reconciliation),
  activity('split', Split),
  activity('saveAudience', SaveAudience),
  activity('scheduler', Schedule),
  activity('fork', Fork),
  activity('andJoin', AndJoin),
  activity('wait', Wait),
  activity('test', Test),
  activity('alert', Alert),
  activity('end', End),
  activity('email', EmailActivity),
  activity('sms', SmsActivity),
  activity('push', PushActivity),
  activity('directMail', DirectMail),
]);
export type Activity = Static<typeof Activity>;
export type ActivityKind = Activity['kind'];
export type ActivityOf<K extends ActivityKind> = Extract<Activity, { kind: K }>;
export type ActivityConfig<K extends ActivityKind> = ActivityOf<K>['config'];

export const Transition = Type.Object(
  {
    id: ActivityId,
    from: Type.Object({ activity: ActivityId, port: PortKey }, { additionalProperties: false }),
    to: ActivityId,
    label: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type Transition = Static<typeof Transition>;

export const WorkflowDefinition = Type.Object(
  {
    version: Type.Literal(DEFINITION_VERSION),
    activities: Type.Array(Activity, { maxItems: MAX_ACTIVITIES }),
    transitions: Type.Array(Transition, { maxItems: MAX_ACTIVITIES * 4 }),
  },
  { additionalProperties: false },
);
export type WorkflowDefinition = Static<typeof WorkflowDefinition>;
