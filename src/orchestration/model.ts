// The workflow definition of an orchestrated campaign (SPEC O1–O4): activities joined by
// transitions, each activity a kind with a typed configuration. Shared with the console (the
// canvas validates with these schemas), so this file imports nothing server-only.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { FieldFilter, RuleTree } from '../audiences/model.ts';
import { MessageCategory } from '../channels/model.ts';
import { EmailContent, PushContent, SmsContent } from '../content/model.ts';
import { Timestamp, Uuid } from '../platform/model.ts';
import { NamespaceCode } from '../profiles/model.ts';

export const DEFINITION_VERSION = 1;
export const MAX_ACTIVITIES = 500;

export const ActivityId = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$',
  description: 'Unique in the workflow; letters, digits, _ and -',
});
/** Worktable columns: quoted PostgreSQL names, so case is kept (`totalSpend` → `target.totalSpend`). */
export const COLUMN_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,59}$';
export const ColumnName = Type.String({ pattern: COLUMN_PATTERN });
const DatasetName = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
const PortKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,29}$' });
const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM' });
const Zone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' });
const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]);
export const COMPARISONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
const Comparison = Type.Union(
  COMPARISONS.map((c) => Type.Literal(c)),
  { description: 'eq, neq, gt, gte, lt, lte' },
);

/** What the rows of a population are: profiles, or rows of a dataset (D5). */
export const Dimension = Type.Union([
  Type.Object({ kind: Type.Literal('profiles') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('dataset'), dataset: DatasetName },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('file'), description: Type.Optional(Type.String({ maxLength: 100 })) },
    { additionalProperties: false, description: 'Rows of a loaded file, keyed by line number' },
  ),
]);
export type Dimension = Static<typeof Dimension>;

/** A condition on rows of a dataset linked to the dimension (either direction of the link). */
export const LinkedCondition = Type.Object(
  {
    dataset: DatasetName,
    exists: Type.Boolean({ description: 'false: rows with no linked row matching `where`' }),
    where: Type.Optional(Type.Array(FieldFilter, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type LinkedCondition = Static<typeof LinkedCondition>;

/**
 * Which rows: for the profiles dimension an audience rule tree; for a dataset its own columns,
 * conditions on linked datasets, and a rule its linked profile must match. All parts are ANDed.
 */
export const Targeting = Type.Object(
  {
    rule: Type.Optional(RuleTree),
    where: Type.Optional(Type.Array(FieldFilter, { maxItems: 50 })),
    linked: Type.Optional(Type.Array(LinkedCondition, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type Targeting = Static<typeof Targeting>;

const Sort = Type.Object(
  { column: ColumnName, direction: Type.Union([Type.Literal('asc'), Type.Literal('desc')]) },
  { additionalProperties: false },
);

// ---- targeting activities (O2) ----

const BuildAudience = Type.Object(
  { dimension: Dimension, targeting: Targeting },
  { additionalProperties: false },
);
const ReadAudience = Type.Object({ audienceId: Uuid }, { additionalProperties: false });
const IncrementalQuery = Type.Object(
  {
    dimension: Dimension,
    targeting: Targeting,
    dateColumn: Type.String({
      pattern: COLUMN_PATTERN,
      description: 'A date/timestamp column of the dataset, or createdAt/updatedAt for profiles',
    }),
  },
  { additionalProperties: false },
);
export const FileColumn = Type.Object(
  {
    name: ColumnName,
    type: Type.Union(
      (['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp'] as const).map((t) =>
        Type.Literal(t),
      ),
    ),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type FileColumn = Static<typeof FileColumn>;
const LoadFile = Type.Object(
  {
    fileId: Type.Union([Uuid, Type.Null()], { description: 'An uploaded file; null until one is' }),
    columns: Type.Array(FileColumn, { minItems: 1, maxItems: 100 }),
    rejects: Type.Union([Type.Literal('skip'), Type.Literal('fail')], {
      description: 'skip: bad lines go to the rejects output; fail: the activity fails',
    }),
  },
  { additionalProperties: false },
);
const ChangeDimension = Type.Object(
  { to: Dimension, keepDuplicates: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, description: 'Follows the link between the two dimensions' },
);
const Combine = Type.Object(
  {
    operation: Type.Union([
      Type.Literal('union'),
      Type.Literal('intersection'),
      Type.Literal('exclusion'),
    ]),
    primary: Type.Optional(ActivityId),
    columns: Type.Union([Type.Literal('keys'), Type.Array(ColumnName, { maxItems: 100 })]),
    complement: Type.Boolean({ description: 'Rows of the inputs not in the result' }),
  },
  { additionalProperties: false },
);
const DedupMethod = Type.Union([
  Type.Object({ kind: Type.Literal('random') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('expression'),
      column: ColumnName,
      keep: Type.Union([Type.Literal('highest'), Type.Literal('lowest')]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('nonEmpty'), column: ColumnName },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('priority'),
      column: ColumnName,
      values: Type.Array(Scalar, { minItems: 1, maxItems: 100 }),
    },
    { additionalProperties: false },
  ),
]);
const Deduplication = Type.Object(
  {
    columns: Type.Array(ColumnName, { minItems: 1, maxItems: 20 }),
    keep: Type.Integer({ minimum: 1, maximum: 1000 }),
    method: DedupMethod,
    duplicatesOutput: Type.Boolean(),
  },
  { additionalProperties: false },
);
const Enrichment = Type.Object(
  {
    attributes: Type.Array(
      Type.Object(
        {
          name: ColumnName,
          source: Type.Union([
            Type.Object(
              { kind: Type.Literal('profile'), path: Type.String({ maxLength: 200 }) },
              { additionalProperties: false },
            ),
            Type.Object(
              { kind: Type.Literal('dataset'), dataset: DatasetName, column: ColumnName },
              { additionalProperties: false, description: 'A column of the linked row (1-1, N-1)' },
            ),
          ]),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    aggregates: Type.Array(
      Type.Object(
        {
          name: ColumnName,
          dataset: DatasetName,
          fn: Type.Union(
            (['count', 'sum', 'min', 'max', 'avg'] as const).map((f) => Type.Literal(f)),
          ),
          column: Type.Optional(ColumnName),
          where: Type.Optional(Type.Array(FieldFilter, { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    collected: Type.Array(
      Type.Object(
        {
          prefix: ColumnName,
          dataset: DatasetName,
          count: Type.Integer({ minimum: 1, maximum: 10 }),
          orderBy: Sort,
          columns: Type.Array(ColumnName, { minItems: 1, maxItems: 10 }),
          where: Type.Optional(Type.Array(FieldFilter, { maxItems: 20 })),
        },
        { additionalProperties: false, description: 'First N linked rows as prefix_1_col …' },
      ),
      { maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
const Reconciliation = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          column: ColumnName,
          match: Type.Union([
            Type.Object(
              { kind: Type.Literal('identity'), namespace: NamespaceCode },
              { additionalProperties: false },
            ),
            Type.Object(
              { kind: Type.Literal('attribute'), path: Type.String({ maxLength: 200 }) },
              { additionalProperties: false },
            ),
            Type.Object({ kind: Type.Literal('profileId') }, { additionalProperties: false }),
          ]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5, description: 'Tried in order; the first that matches wins' },
    ),
    keepUnreconciled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const SplitSubset = Type.Object(
  {
    key: PortKey,
    label: Type.String({ minLength: 1, maxLength: 100 }),
    filter: Type.Optional(Targeting),
    limit: Type.Optional(
      Type.Object(
        {
          count: Type.Optional(Type.Integer({ minimum: 0 })),
          percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          orderBy: Type.Optional(Sort),
        },
        { additionalProperties: false },
      ),
    ),
    skipEmpty: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SplitSubset = Static<typeof SplitSubset>;
const Split = Type.Object(
  {
    subsets: Type.Array(SplitSubset, { minItems: 1, maxItems: 20 }),
    overlap: Type.Boolean({ description: 'A row may fall in several subsets' }),
    complement: Type.Boolean(),
  },
  { additionalProperties: false },
);
const SaveAudience = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    columns: Type.Optional(Type.Array(ColumnName)),
  },
  { additionalProperties: false, description: 'Creates or replaces a static audience' },
);

// ---- flow activities (O3) ----

export const SCHEDULE_FREQUENCIES = [
  'asap',
  'once',
  'daily',
  'severalTimesDaily',
  'weekly',
  'monthly',
  'signal',
] as const;
export const Schedule = Type.Object(
  {
    frequency: Type.Union(SCHEDULE_FREQUENCIES.map((f) => Type.Literal(f))),
    at: Type.Optional(Timestamp),
    times: Type.Optional(Type.Array(TimeOfDay, { minItems: 1, maxItems: 24 })),
    weekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 })),
    dayOfMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    zone: Zone,
    validFrom: Type.Optional(Timestamp),
    validUntil: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type Schedule = Static<typeof Schedule>;
const Fork = Type.Object(
  { branches: Type.Array(PortKey, { minItems: 2, maxItems: 10 }) },
  { additionalProperties: false },
);
const AndJoin = Type.Object(
  { primary: Type.Optional(ActivityId) },
  { additionalProperties: false, description: 'Waits for every input; passes on the primary one' },
);
const Wait = Type.Union([
  Type.Object(
    { kind: Type.Literal('duration'), minutes: Type.Integer({ minimum: 1, maximum: 525600 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('until'), at: Timestamp }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('timeOfDay'), time: TimeOfDay, zone: Zone },
    { additionalProperties: false },
  ),
]);
export const TestCondition = Type.Union([
  Type.Object(
    { kind: Type.Literal('count'), comparison: Comparison, value: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('variable'),
      name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,59}$' }),
      comparison: Type.Union([Comparison, Type.Literal('exists')]),
      value: Type.Optional(Scalar),
    },
    { additionalProperties: false },
  ),
]);
export type TestCondition = Static<typeof TestCondition>;
const Test = Type.Object(
  {
    branches: Type.Array(
      Type.Object(
        {
          key: PortKey,
          label: Type.String({ minLength: 1, maxLength: 100 }),
          conditions: Type.Array(TestCondition, { minItems: 1, maxItems: 10 }),
        },
        { additionalProperties: false, description: 'All conditions must hold' },
      ),
      { minItems: 1, maxItems: 10 },
    ),
    defaultBranch: Type.Boolean(),
  },
  { additionalProperties: false },
);
const Alert = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    message: Type.String({ maxLength: 5000 }),
    userIds: Type.Array(Uuid, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
const End = Type.Object(
  {
    signal: Type.Optional(
      Type.Object(
        { campaignId: Uuid, variables: Type.Record(Type.String(), Scalar) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

// ---- channel activities (O4) ----

const ChannelBase = {
  configurationId: Uuid,
  category: MessageCategory,
  ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  confirmSending: Type.Boolean({ description: 'One-shot runs wait for a confirmation' }),
  /** Frequency caps of live marketing sends (as a campaign's controls; transactional: never). */
  businessRuleSetId: Type.Optional(Uuid),
  /** Quiet hours of live marketing sends. */
  quietHoursId: Type.Optional(Uuid),
};
const EmailActivity = Type.Object(
  { ...ChannelBase, content: EmailContent },
  { additionalProperties: false },
);
const SmsActivity = Type.Object(
  { ...ChannelBase, content: SmsContent },
  { additionalProperties: false },
);
const PushActivity = Type.Object(
  { ...ChannelBase, content: PushContent },
  { additionalProperties: false },
);
const DirectMail = Type.Object(
  {
    fileName: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }),
    columns: Type.Array(
      Type.Object(
        {
          header: Type.String({ minLength: 1, maxLength: 100 }),
          source: Type.String({ maxLength: 200 }),
        },
        {
          additionalProperties: false,
          description: 'source: a worktable column or profile.<path>',
        },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

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
