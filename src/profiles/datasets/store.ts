// Datasets: definitions as rows, and a real table per dataset built from the validated definition.
// Identifiers pass the definition's pattern and are still quoted by sql.id; values are always bound.
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { ProfilesDb, ProfilesTx } from '../db.ts';
import { knownNamespaces } from '../namespaces.ts';
import type { ProfilesCall } from '../profiles.ts';
import type { DatasetsTable } from '../tables.ts';
import {
  definitionViolations,
  destructiveChanges,
  normalizeDefinition,
  POSTGRES_TYPES,
  type LinkTarget,
} from './definition.ts';
import { ColumnDefinition, Link, type Dataset, type DatasetDefinition } from './model.ts';

export const DATASET_SCHEMA = 'clarion_datasets';
const StoredColumns = Type.Array(ColumnDefinition);

export interface StoredDataset extends DatasetDefinition {
  id: string;
  tableName: string;
  version: number;
  columns: ColumnDefinition[];
  createdAt: Date;
  updatedAt: Date;
}

function fromRow(row: Selectable<DatasetsTable>): StoredDataset {
  const columns = Value.Parse(StoredColumns, row.columns);
  const link = row.link === null ? null : Value.Parse(Link, row.link);
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    tableName: row.table_name,
    columns,
    primaryKey: row.primary_key,
    link,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function tableRef(dataset: { tableName: string }) {
  return sql.id(DATASET_SCHEMA, dataset.tableName);
}

export async function findDataset(
  db: ProfilesDb | ProfilesTx,
  sandboxId: string,
  name: string,
): Promise<StoredDataset | undefined> {
  const row = await db
    .selectFrom('datasets')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function getDataset(
  db: ProfilesDb | ProfilesTx,
  sandboxId: string,
  name: string,
): Promise<StoredDataset> {
  const found = await findDataset(db, sandboxId, name);
  if (!found) throw new AppError('DATASET_NOT_FOUND', `No dataset named "${name}".`);
  return found;
}

async function rowCount(db: ProfilesDb, dataset: StoredDataset): Promise<number> {
  const estimate = await sql<{
    n: number;
  }>`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = ${`${DATASET_SCHEMA}.${dataset.tableName}`}::regclass`.execute(
    db,
  );
  const approx = Number(estimate.rows[0]?.n ?? 0);
  if (approx > 100_000) return approx;
  const exact = await sql<{
    n: number;
  }>`SELECT count(*)::bigint AS n FROM ${tableRef(dataset)}`.execute(db);
  return Number(exact.rows[0]?.n ?? 0);
}

export async function describeDataset(db: ProfilesDb, dataset: StoredDataset): Promise<Dataset> {
  return {
    id: dataset.id,
    name: dataset.name,
    title: dataset.title,
    description: dataset.description ?? '',
    columns: dataset.columns,
    primaryKey: dataset.primaryKey,
    link: dataset.link ?? null,
    version: dataset.version,
    rowCount: await rowCount(db, dataset),
    createdAt: dataset.createdAt.toISOString(),
    updatedAt: dataset.updatedAt.toISOString(),
  };
}

export async function listDatasets(db: ProfilesDb, sandboxId: string): Promise<Dataset[]> {
  const rows = await db
    .selectFrom('datasets')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((row) => describeDataset(db, fromRow(row))));
}

async function validate(
  tx: ProfilesTx,
  sandboxId: string,
  definition: DatasetDefinition,
): Promise<void> {
  const link = definition.link;
  let target: LinkTarget | undefined;
  if (link?.kind === 'dataset') target = await findDataset(tx, sandboxId, link.dataset);
  const violations = definitionViolations(definition, {
    namespaces: await knownNamespaces(tx, sandboxId),
    target,
  });
  if (violations.length)
    throw new AppError(
      'DATASET_DEFINITION_INVALID',
      `${violations[0]?.path} ${violations[0]?.message}`,
      violations,
    );
}

function columnSql(column: ColumnDefinition) {
  return sql`${sql.id(column.name)} ${sql.raw(POSTGRES_TYPES[column.type])}${column.nullable === false ? sql` NOT NULL` : sql``}`;
}

async function createLinkIndex(
  tx: ProfilesTx,
  dataset: { tableName: string; link?: Link | null | undefined },
): Promise<void> {
  const link = dataset.link;
  if (!link) return;
  // Rows linked by identity are joined to identity values (C collation, emails lower-cased): the
  // index holds that form, so audience conditions can look up a profile's rows.
  const keys =
    link.kind === 'dataset'
      ? link.columns.map((c) => sql.id(c))
      : link.by === 'profileId'
        ? [sql.id(link.column)]
        : link.by === 'email'
          ? [sql`(lower(${sql.id(link.column)}) COLLATE "C")`]
          : [sql`${sql.id(link.column)} COLLATE "C"`];
  await sql`CREATE INDEX ${sql.id(`${dataset.tableName}_link_idx`)} ON ${tableRef(dataset)} (${sql.join(keys)})`.execute(
    tx,
  );
}

export async function createDataset(
  call: ProfilesCall,
  input: DatasetDefinition,
): Promise<Dataset> {
  const definition = normalizeDefinition(input);
  const created = await call.db.transaction().execute(async (tx) => {
    await validate(tx, call.sandboxId, definition);
    const tableName = `ds_${call.sandboxId.replace(/-/g, '').slice(0, 12)}_${definition.name}`;
    const row = await tx
      .insertInto('datasets')
      .values({
        sandbox_id: call.sandboxId,
        name: definition.name,
        title: definition.title,
        description: definition.description ?? '',
        table_name: tableName,
        columns: JSON.stringify(definition.columns),
        primary_key: definition.primaryKey,
        link: definition.link ? JSON.stringify(definition.link) : null,
        created_at: call.clock.now(),
        updated_at: call.clock.now(),
      })
      .onConflict((oc) => oc.columns(['sandbox_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new AppError('DATASET_EXISTS', `A dataset named "${definition.name}" exists.`, [
        { path: '/name', message: 'is taken' },
      ]);
    const dataset = fromRow(row);
    await sql`CREATE TABLE ${tableRef(dataset)} (${sql.join(dataset.columns.map(columnSql))}, PRIMARY KEY (${sql.join(dataset.primaryKey.map((c) => sql.id(c)))}))`.execute(
      tx,
    );
    await createLinkIndex(tx, dataset);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'dataset.create',
      entityType: 'dataset',
      entityId: dataset.id,
      after: definition,
      requestId: call.requestId,
      at: call.clock.now(),
    });
    return dataset;
  });
  return describeDataset(call.db, created);
}

/** Changes title/description and adds nullable columns; anything that reshapes data is refused. */
export async function redefineDataset(
  call: ProfilesCall,
  name: string,
  input: DatasetDefinition,
): Promise<Dataset> {
  const next = normalizeDefinition({ ...input, name });
  const updated = await call.db.transaction().execute(async (tx) => {
    const current = await getDataset(tx, call.sandboxId, name);
    await sql`SELECT 1 FROM datasets WHERE sandbox_id = ${call.sandboxId} AND id = ${current.id} FOR UPDATE`.execute(
      tx,
    );
    await validate(tx, call.sandboxId, next);
    const problems = destructiveChanges(current, next);
    if (problems.length)
      throw new AppError(
        'DATASET_CHANGE_DESTRUCTIVE',
        `Refused: ${problems.map((p) => p.message).join('; ')}.`,
        problems,
      );
    const known = new Set(current.columns.map((c) => c.name));
    for (const column of next.columns.filter((c) => !known.has(c.name))) {
      await sql`ALTER TABLE ${tableRef(current)} ADD COLUMN ${columnSql(column)}`.execute(tx);
    }
    if (!current.link && next.link)
      await createLinkIndex(tx, { tableName: current.tableName, link: next.link });
    const row = await tx
      .updateTable('datasets')
      .set({
        title: next.title,
        description: next.description ?? '',
        columns: JSON.stringify(next.columns),
        link: next.link ? JSON.stringify(next.link) : null,
        version: sql`version + 1`,
        updated_at: call.clock.now(),
      })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'dataset.update',
      entityType: 'dataset',
      entityId: current.id,
      before: { columns: current.columns, title: current.title },
      after: { columns: next.columns, title: next.title },
      requestId: call.requestId,
      at: call.clock.now(),
    });
    return fromRow(row);
  });
  return describeDataset(call.db, updated);
}

export async function deleteDataset(call: ProfilesCall, name: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const dataset = await getDataset(tx, call.sandboxId, name);
    const dependants = await tx
      .selectFrom('datasets')
      .select('name')
      .where('sandbox_id', '=', call.sandboxId)
      .where(sql<boolean>`link->>'kind' = 'dataset' AND link->>'dataset' = ${name}`)
      .execute();
    if (dependants.length)
      throw new AppError(
        'DATASET_IN_USE',
        `Linked from: ${dependants.map((d) => d.name).join(', ')}.`,
      );
    await tx
      .deleteFrom('datasets')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', dataset.id)
      .execute();
    await sql`DROP TABLE ${tableRef(dataset)}`.execute(tx);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'dataset.delete',
      entityType: 'dataset',
      entityId: dataset.id,
      before: { name, columns: dataset.columns },
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}
