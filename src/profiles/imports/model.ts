// Import contracts: what to import, how columns map, and the import's state and progress.
// Shared with the console; imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../../platform/model.ts';
import { ChannelName } from '../model.ts';

export const AttributeType = Type.Union([
  Type.Literal('string'),
  Type.Literal('number'),
  Type.Literal('boolean'),
]);
export type AttributeType = Static<typeof AttributeType>;

/** Where one CSV column goes. */
export const ColumnTarget = Type.Union([
  Type.Object(
    { to: Type.Literal('identity'), namespace: Type.String({ minLength: 2, maxLength: 40 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      to: Type.Literal('attribute'),
      path: Type.String({ pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$', maxLength: 200 }),
      type: Type.Optional(AttributeType),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { to: Type.Literal('consent'), channel: ChannelName },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      to: Type.Union([
        Type.Literal('timezone'),
        Type.Literal('language'),
        Type.Literal('testProfile'),
        Type.Literal('ignore'),
      ]),
    },
    { additionalProperties: false },
  ),
]);
export type ColumnTarget = Static<typeof ColumnTarget>;

export const ImportKind = Type.Union([
  Type.Literal('profiles'),
  Type.Literal('dataset'),
  Type.Literal('audience'),
]);
/** Kinds started with POST /imports; audience uploads start with POST /audiences/uploads. */
export const ImportCreateKind = Type.Union([Type.Literal('profiles'), Type.Literal('dataset')]);
export const ImportFormat = Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]);
export const ImportStatus = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('interrupted'),
]);
export type ImportStatus = Static<typeof ImportStatus>;

export const ImportCreate = Type.Object(
  {
    kind: ImportCreateKind,
    dataset: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'For kind=dataset' }),
    ),
    format: ImportFormat,
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    mapping: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), ColumnTarget, {
        description: 'CSV header → target; unmapped columns follow the default mapping',
      }),
    ),
    consentSource: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    bytesTotal: Type.Optional(Type.Integer({ minimum: 0, description: 'File size, for progress' })),
  },
  { additionalProperties: false },
);
export type ImportCreate = Static<typeof ImportCreate>;

export const Import = Type.Object({
  id: Uuid,
  kind: ImportKind,
  dataset: Type.Union([Type.String(), Type.Null()]),
  audienceId: Type.Union([Uuid, Type.Null()]),
  format: ImportFormat,
  fileName: Type.String(),
  status: ImportStatus,
  bytesRead: Type.Integer(),
  bytesTotal: Type.Union([Type.Integer(), Type.Null()]),
  rowsRead: Type.Integer(),
  rowsAccepted: Type.Integer(),
  rowsRejected: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type Import = Static<typeof Import>;

export const Rejection = Type.Object({
  line: Type.Integer(),
  field: Type.String(),
  reason: Type.String(),
});
export type Rejection = Static<typeof Rejection>;
