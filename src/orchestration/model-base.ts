// Building blocks of the workflow definition: ids, column names, dimensions, targeting. Shared
// with the console; imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { FieldFilter, RuleTree } from '../audiences/model.ts';

export const DEFINITION_VERSION = 1;
export const MAX_ACTIVITIES = 500;

export const ActivityId = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$',
  description: 'Unique in the workflow; letters, digits, _ and -',
});
/** Worktable columns: quoted PostgreSQL names, so case is kept (`totalSpend` → `target.totalSpend`). */
export const COLUMN_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,59}$';
export const ColumnName = Type.String({ pattern: COLUMN_PATTERN });
export const DatasetName = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
export const PortKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,29}$' });
export const TimeOfDay = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM',
});
export const Zone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' });
export const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]);
export const COMPARISONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
export const Comparison = Type.Union(
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

export const Sort = Type.Object(
  { column: ColumnName, direction: Type.Union([Type.Literal('asc'), Type.Literal('desc')]) },
  { additionalProperties: false },
);
