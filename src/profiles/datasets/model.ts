// Dataset definitions: typed columns, primary key, link to profiles or to another dataset.
// Shared with the console; imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../../platform/model.ts';

export const COLUMN_TYPES = [
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'timestamp',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Lower-case identifiers only: they become PostgreSQL names, always quoted as well. */
export const IDENTIFIER_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
export const DatasetName = Type.String({
  pattern: '^[a-z][a-z0-9_]{1,39}$',
  description: 'Lower-case letters, digits, underscores; 2–40 characters',
});
export const ColumnName = Type.String({
  pattern: IDENTIFIER_PATTERN,
  description: 'Lower-case letters, digits, underscores; starts with a letter',
});

export const ColumnDefinition = Type.Object(
  {
    name: ColumnName,
    type: Type.Union(COLUMN_TYPES.map((t) => Type.Literal(t))),
    nullable: Type.Optional(Type.Boolean({ default: true })),
    title: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type ColumnDefinition = Static<typeof ColumnDefinition>;

export const CARDINALITIES = ['1-1', 'N-1', '1-N'] as const;
export type Cardinality = (typeof CARDINALITIES)[number];
const CardinalityName = Type.Union(
  CARDINALITIES.map((c) => Type.Literal(c)),
  {
    description:
      'Rows of this dataset to linked rows: 1-1, N-1 (many rows per profile/target) or 1-N',
  },
);

export const ProfileLink = Type.Object(
  {
    kind: Type.Literal('profile'),
    column: ColumnName,
    by: Type.String({
      pattern: '^[a-zA-Z][a-zA-Z0-9_]{1,39}$',
      description: 'An identity namespace, or "profileId"',
    }),
    cardinality: CardinalityName,
  },
  { additionalProperties: false },
);
export const DatasetLink = Type.Object(
  {
    kind: Type.Literal('dataset'),
    dataset: DatasetName,
    columns: Type.Array(ColumnName, {
      minItems: 1,
      maxItems: 8,
      description: "This dataset's columns matching the target's primary key, in order",
    }),
    cardinality: CardinalityName,
  },
  { additionalProperties: false },
);
export const Link = Type.Union([ProfileLink, DatasetLink]);
export type Link = Static<typeof Link>;

export const DatasetDefinition = Type.Object(
  {
    name: DatasetName,
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    columns: Type.Array(ColumnDefinition, { minItems: 1, maxItems: 200 }),
    primaryKey: Type.Array(ColumnName, { minItems: 1, maxItems: 8 }),
    link: Type.Optional(Type.Union([Link, Type.Null()])),
  },
  { additionalProperties: false },
);
export type DatasetDefinition = Static<typeof DatasetDefinition>;

export const Dataset = Type.Object({
  id: Uuid,
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  columns: Type.Array(ColumnDefinition),
  primaryKey: Type.Array(Type.String()),
  link: Type.Union([Link, Type.Null()]),
  version: Type.Integer(),
  rowCount: Type.Integer({ description: 'Estimated for large tables' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Dataset = Static<typeof Dataset>;

export const RowValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const DatasetRows = Type.Object(
  { rows: Type.Array(Type.Record(Type.String(), RowValue), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export const DatasetKeys = Type.Object(
  { keys: Type.Array(Type.Record(Type.String(), RowValue), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export const NameParams = Type.Object({ name: DatasetName });
