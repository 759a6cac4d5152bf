// Configurations of the targeting activities (SPEC O2). Shared with the console.
import { Type, type Static } from '@sinclair/typebox';
import { FieldFilter } from '../audiences/model.ts';
import { Uuid } from '../platform/model.ts';
import { NamespaceCode } from '../profiles/model.ts';
import {
  ActivityId,
  COLUMN_PATTERN,
  ColumnName,
  DatasetName,
  PortKey,
  Scalar,
  Dimension,
  Targeting,
  Sort,
} from './model-base.ts';

// ---- targeting activities (O2) ----

export const BuildAudience = Type.Object(
  { dimension: Dimension, targeting: Targeting },
  { additionalProperties: false },
);
export const ReadAudience = Type.Object({ audienceId: Uuid }, { additionalProperties: false });
export const IncrementalQuery = Type.Object(
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
export const LoadFile = Type.Object(
  {
    fileId: Type.Union([Uuid, Type.Null()], { description: 'An uploaded file; null until one is' }),
    columns: Type.Array(FileColumn, { minItems: 1, maxItems: 100 }),
    rejects: Type.Union([Type.Literal('skip'), Type.Literal('fail')], {
      description: 'skip: bad lines go to the rejects output; fail: the activity fails',
    }),
  },
  { additionalProperties: false },
);
export const ChangeDimension = Type.Object(
  { to: Dimension, keepDuplicates: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, description: 'Follows the link between the two dimensions' },
);
export const Combine = Type.Object(
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
export const DedupMethod = Type.Union([
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
export const Deduplication = Type.Object(
  {
    columns: Type.Array(ColumnName, { minItems: 1, maxItems: 20 }),
    keep: Type.Integer({ minimum: 1, maximum: 1000 }),
    method: DedupMethod,
    duplicatesOutput: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const Enrichment = Type.Object(
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
export const Reconciliation = Type.Object(
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
export const Split = Type.Object(
  {
    subsets: Type.Array(SplitSubset, { minItems: 1, maxItems: 20 }),
    overlap: Type.Boolean({ description: 'A row may fall in several subsets' }),
    complement: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const SaveAudience = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    columns: Type.Optional(Type.Array(ColumnName)),
  },
  { additionalProperties: false, description: 'Creates or replaces a static audience' },
);
