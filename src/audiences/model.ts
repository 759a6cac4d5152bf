// The audience rule tree (version 1): typed, versioned JSON shared by the API, the compiler and
// the console's rule builder. Imports nothing server-only.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';

export const RULE_VERSION = 1;

const AttributePath = Type.String({
  pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
  maxLength: 200,
  description: 'Dotted attribute path, e.g. loyalty.tier',
});
const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]);
const Days = Type.Integer({ minimum: 0, maximum: 36500 });

export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Operators by attribute type; the compiler and the rule builder read this one table. */
export const OPERATORS_BY_TYPE = {
  string: [
    'equals',
    'notEquals',
    'in',
    'notIn',
    'startsWith',
    'contains',
    'like',
    'isEmpty',
    'isNotEmpty',
  ],
  number: [
    'equals',
    'notEquals',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'in',
    'notIn',
    'isEmpty',
    'isNotEmpty',
  ],
  boolean: ['isTrue', 'isFalse', 'isEmpty', 'isNotEmpty'],
  date: [
    'on',
    'before',
    'after',
    'between',
    'inLastDays',
    'beforeDaysAgo',
    'inNextDays',
    'today',
    'thisMonth',
    'isEmpty',
    'isNotEmpty',
  ],
} as const satisfies Record<AttributeType, readonly string[]>;
export type Operator = (typeof OPERATORS_BY_TYPE)[AttributeType][number];
const ALL_OPERATORS = [...new Set(Object.values(OPERATORS_BY_TYPE).flat())] as Operator[];

export const Comparison = Type.Union([
  Type.Literal('gte'),
  Type.Literal('lte'),
  Type.Literal('eq'),
  Type.Literal('gt'),
  Type.Literal('lt'),
]);
export type Comparison = Static<typeof Comparison>;

export const AttributeCondition = Type.Object(
  {
    kind: Type.Literal('attribute'),
    path: AttributePath,
    type: Type.Union(ATTRIBUTE_TYPES.map((t) => Type.Literal(t))),
    operator: Type.Union(ALL_OPERATORS.map((o) => Type.Literal(o))),
    value: Type.Optional(Scalar),
    values: Type.Optional(Type.Array(Scalar, { maxItems: 1000 })),
    to: Type.Optional(Scalar),
    days: Type.Optional(Days),
    timezone: Type.Optional(
      Type.String({ maxLength: 64, description: 'IANA zone for date presets; UTC when absent' }),
    ),
  },
  { additionalProperties: false },
);
export type AttributeCondition = Static<typeof AttributeCondition>;

/** A filter on event properties or dataset columns. */
export const FieldFilter = Type.Object(
  {
    field: Type.String({ pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$', maxLength: 200 }),
    type: Type.Union(ATTRIBUTE_TYPES.map((t) => Type.Literal(t))),
    operator: Type.Union(ALL_OPERATORS.map((o) => Type.Literal(o))),
    value: Type.Optional(Scalar),
    values: Type.Optional(Type.Array(Scalar, { maxItems: 1000 })),
    to: Type.Optional(Scalar),
    days: Type.Optional(Days),
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type FieldFilter = Static<typeof FieldFilter>;

const Aggregate = Type.Object(
  {
    fn: Type.Union([
      Type.Literal('sum'),
      Type.Literal('avg'),
      Type.Literal('min'),
      Type.Literal('max'),
    ]),
    field: Type.String({ pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$', maxLength: 200 }),
    comparison: Comparison,
    value: Type.Number(),
  },
  { additionalProperties: false },
);
export type Aggregate = Static<typeof Aggregate>;

export const TimeWindow = Type.Union([
  Type.Object(
    { lastDays: Type.Integer({ minimum: 1, maximum: 36500 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { from: Type.Optional(Timestamp), to: Type.Optional(Timestamp) },
    { additionalProperties: false },
  ),
]);
export type TimeWindow = Static<typeof TimeWindow>;

export const EventCondition = Type.Object(
  {
    kind: Type.Literal('event'),
    type: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' }),
    count: Type.Optional(
      Type.Object(
        { comparison: Comparison, value: Type.Integer({ minimum: 0, maximum: 1_000_000 }) },
        { additionalProperties: false },
      ),
    ),
    window: Type.Optional(TimeWindow),
    where: Type.Optional(Type.Array(FieldFilter, { maxItems: 20 })),
    aggregate: Type.Optional(Aggregate),
  },
  { additionalProperties: false },
);
export type EventCondition = Static<typeof EventCondition>;

export const ConsentCondition = Type.Object(
  {
    kind: Type.Literal('consent'),
    channel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('push')]),
    status: Type.Union([Type.Literal('y'), Type.Literal('n'), Type.Literal('unknown')]),
  },
  { additionalProperties: false },
);
export type ConsentCondition = Static<typeof ConsentCondition>;

export const SubscriptionCondition = Type.Object(
  { kind: Type.Literal('subscription'), listId: Uuid },
  { additionalProperties: false },
);
export type SubscriptionCondition = Static<typeof SubscriptionCondition>;

export const DatasetCondition = Type.Object(
  {
    kind: Type.Literal('dataset'),
    dataset: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    exists: Type.Boolean({
      description: 'false: profiles with no linked row matching the filters',
    }),
    where: Type.Optional(Type.Array(FieldFilter, { maxItems: 20 })),
    count: Type.Optional(
      Type.Object(
        { comparison: Comparison, value: Type.Integer({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
    aggregate: Type.Optional(Aggregate),
  },
  { additionalProperties: false },
);
export type DatasetCondition = Static<typeof DatasetCondition>;

export const AudienceCondition = Type.Object(
  { kind: Type.Literal('audience'), audienceId: Uuid },
  { additionalProperties: false },
);
export type AudienceCondition = Static<typeof AudienceCondition>;

export type GroupNode = { kind: 'group'; op: 'and' | 'or' | 'except'; children: RuleNode[] };
export type RuleNode =
  | AttributeCondition
  | EventCondition
  | ConsentCondition
  | SubscriptionCondition
  | DatasetCondition
  | AudienceCondition
  | GroupNode;

export const RuleNodeSchema = Type.Recursive(
  (Self) =>
    Type.Union([
      AttributeCondition,
      EventCondition,
      ConsentCondition,
      SubscriptionCondition,
      DatasetCondition,
      AudienceCondition,
      Type.Object(
        {
          kind: Type.Literal('group'),
          op: Type.Union([Type.Literal('and'), Type.Literal('or'), Type.Literal('except')], {
            description: 'except: the first child without any of the others',
          }),
          children: Type.Array(Self, { minItems: 1, maxItems: 100 }),
        },
        { additionalProperties: false },
      ),
    ]),
  { $id: 'RuleNode' },
) as TSchema;

export const RuleTree = Type.Object(
  { version: Type.Literal(RULE_VERSION), root: RuleNodeSchema },
  { additionalProperties: false },
);
export type RuleTree = { version: typeof RULE_VERSION; root: RuleNode };

export const AudienceInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    rule: RuleTree,
  },
  { additionalProperties: false },
);
export type AudienceInput = { name: string; description?: string | undefined; rule: RuleTree };

/** How an uploaded file becomes members: which column holds the identity, in which namespace. */
const UploadSettings = {
  namespace: Type.String({ minLength: 2, maxLength: 40, description: 'Identity namespace' }),
  identityColumn: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'CSV header holding the identity; the namespace code when absent',
    }),
  ),
  createProfiles: Type.Optional(
    Type.Boolean({
      description: 'Create a profile for an identity no profile has (default false)',
    }),
  ),
};

export const AudienceUploadCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    ...UploadSettings,
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    bytesTotal: Type.Optional(Type.Integer({ minimum: 0, description: 'File size, for progress' })),
  },
  { additionalProperties: false },
);
export type AudienceUploadCreate = Static<typeof AudienceUploadCreate>;

/** A new file for an uploaded audience; its members replace the current ones when it completes. */
export const AudienceFileCreate = Type.Object(
  {
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    bytesTotal: Type.Optional(Type.Integer({ minimum: 0 })),
    createProfiles: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AudienceFileCreate = Static<typeof AudienceFileCreate>;

export const AudienceRename = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AudienceRename = Static<typeof AudienceRename>;

/** An uploaded audience's state, stored as its definition. */
export const UploadState = Type.Object({
  namespace: Type.String(),
  identityColumn: Type.String(),
  createProfiles: Type.Boolean(),
  /** Columns of the current file kept as `audience.<column>`. */
  attributeColumns: Type.Array(Type.String()),
  /** The completed upload whose rows are the members; null before the first one. */
  importId: Type.Union([Uuid, Type.Null()]),
  members: Type.Integer(),
  fileName: Type.String(),
  uploadedAt: Type.Union([Timestamp, Type.Null()]),
});
export type UploadState = Static<typeof UploadState>;

const AudienceCommon = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const RuleAudience = Type.Object({
  ...AudienceCommon,
  kind: Type.Literal('rule'),
  rule: RuleTree,
});
export const UploadAudience = Type.Object({
  ...AudienceCommon,
  kind: Type.Literal('upload'),
  upload: UploadState,
});
export const Audience = Type.Union([RuleAudience, UploadAudience]);
export type AudienceKind = 'rule' | 'upload';
export type Audience =
  (Omit<Static<typeof RuleAudience>, 'rule'> & { rule: RuleTree }) | Static<typeof UploadAudience>;

export const CountResult = Type.Object({ count: Type.Integer(), tookMs: Type.Number() });
export const CompiledSql = Type.Object({
  sql: Type.String(),
  params: Type.Array(Type.Unknown()),
  readable: Type.String(),
});
