// Reads an uploaded audience's CSV: one identity column, the other columns kept per member as
// `audience.<column>`. Batches resolve identities to profiles set-based (creating profiles when
// the upload asks for it) and write members under the upload's import id; the audience switches
// to them only when the whole file has been read, in the transaction that completes the import.
import type pg from 'pg';
import {
  addToTotals,
  recordBatch,
  rejectedLines,
  retrying,
  withTransaction,
} from '../../profiles/imports/batches.ts';
import type { FieldProblem } from '../../profiles/imports/profile-records.ts';
import { readCsv } from '../../profiles/imports/readers.ts';
import type { ImportJob, KindImporter } from '../../profiles/imports/runner.ts';
import { SeenKeys } from '../../profiles/imports/seen-keys.ts';
import { normalizeIdentity } from '../../profiles/namespaces.ts';
import { uploadOptionsOf, type UploadOptions } from './upload-store.ts';

interface UploadRow {
  line: number;
  value: string;
  attributes: Record<string, string>;
}

interface Layout {
  identityIndex: number;
  /** Column index → attribute name, for every other named column. */
  attributes: [number, string][];
  width: number;
}

/** The header row's layout, or an error that fails the whole upload (nothing can be read). */
function layoutOf(header: string[], options: UploadOptions): Layout {
  const names = header.map((h) => h.trim());
  const identityIndex = names.indexOf(options.identityColumn);
  if (identityIndex < 0)
    throw new Error(
      `the file has no column "${options.identityColumn}" (its columns: ${names.join(', ')})`,
    );
  const repeated = names.find((name, i) => name !== '' && names.indexOf(name) !== i);
  if (repeated) throw new Error(`the column "${repeated}" appears twice in the header`);
  const attributes: [number, string][] = [];
  names.forEach((name, i) => {
    if (i !== identityIndex && name !== '') attributes.push([i, name]);
  });
  return { identityIndex, attributes, width: names.length };
}

/** Profiles owning `values` in the namespace: value → profile id. */
async function resolve(
  client: pg.PoolClient,
  sandboxId: string,
  namespace: string,
  values: string[],
): Promise<Map<string, string>> {
  const found = await client.query<{ value: string; profile_id: string }>(
    `SELECT x.value, x.profile_id
       FROM unnest($3::text[]) AS s(value)
       JOIN profile_identities x
         ON x.sandbox_id = $1 AND x.namespace = $2 AND x.value = s.value COLLATE "C"`,
    [sandboxId, namespace, values],
  );
  return new Map(found.rows.map((r) => [r.value, r.profile_id]));
}

/** New profiles for identities nobody has; an identity created meanwhile by another writer is kept. */
async function createProfiles(
  client: pg.PoolClient,
  sandboxId: string,
  namespace: string,
  values: string[],
  now: Date,
): Promise<void> {
  await client.query(
    `WITH fresh AS (SELECT gen_random_uuid() AS id, value FROM unnest($3::text[]) AS v(value)),
          identities AS (
            INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id, created_at)
            SELECT $1, $2, value, id, $4 FROM fresh
            ON CONFLICT DO NOTHING RETURNING profile_id)
     INSERT INTO profiles (sandbox_id, id, created_at, updated_at)
     SELECT $1, profile_id, $4, $4 FROM identities`,
    [sandboxId, namespace, values, now],
  );
}

async function writeBatch(
  job: ImportJob,
  options: UploadOptions,
  rows: UploadRow[],
  problems: FieldProblem[],
  read: number,
) {
  const { client, row } = job;
  const now = job.clock.now();
  const values = rows.map((r) => r.value);
  let owners = await resolve(client, row.sandbox_id, options.namespace, values);
  const unknown = values.filter((v) => !owners.has(v));
  if (unknown.length && options.createProfiles) {
    await createProfiles(client, row.sandbox_id, options.namespace, unknown, now);
    owners = await resolve(client, row.sandbox_id, options.namespace, values);
  }
  const rejected: FieldProblem[] = [];
  const members: { profileId: string; row: UploadRow }[] = [];
  const firstLineOf = new Map<string, number>();
  for (const upload of rows) {
    const profileId = owners.get(upload.value);
    if (!profileId) {
      rejected.push({
        line: upload.line,
        field: options.identityColumn,
        reason: `no profile has this ${options.namespace}`,
      });
      continue;
    }
    const earlier = firstLineOf.get(profileId);
    if (earlier !== undefined) {
      rejected.push({
        line: upload.line,
        field: options.identityColumn,
        reason: `belongs to the same profile as line ${earlier}`,
      });
      continue;
    }
    firstLineOf.set(profileId, upload.line);
    members.push({ profileId, row: upload });
  }
  const inserted = await client.query<{ line: string }>(
    `INSERT INTO audience_members (sandbox_id, audience_id, import_id, profile_id, line, attributes)
     SELECT $1, $2, $3, m.profile_id, m.line, m.attributes
       FROM unnest($4::uuid[], $5::bigint[], $6::jsonb[]) AS m(profile_id, line, attributes)
     ON CONFLICT DO NOTHING RETURNING line`,
    [
      row.sandbox_id,
      row.audience_id,
      row.id,
      members.map((m) => m.profileId),
      members.map((m) => m.row.line),
      members.map((m) => JSON.stringify(m.row.attributes)),
    ],
  );
  // A profile already added by an earlier batch of this file.
  const landed = new Set(inserted.rows.map((r) => Number(r.line)));
  for (const member of members)
    if (!landed.has(member.row.line))
      rejected.push({
        line: member.row.line,
        field: options.identityColumn,
        reason: 'belongs to the same profile as an earlier line',
      });
  const all = [...problems, ...rejected];
  const delta = { read, accepted: landed.size, rejected: rejectedLines(all) };
  await recordBatch(client, row, job.totals, delta, all, job.bytes(), now);
  return { delta, stored: all.length };
}

/** The step that makes this upload the audience's members, run as the import completes. */
function switchMembers(job: ImportJob, options: UploadOptions, layout: Layout | undefined) {
  return async (tx: pg.PoolClient) => {
    const { row } = job;
    const counted = await tx.query<{ n: string }>(
      'SELECT count(*) AS n FROM audience_members WHERE sandbox_id = $1 AND audience_id = $2 AND import_id = $3',
      [row.sandbox_id, row.audience_id, row.id],
    );
    const now = job.clock.now();
    const state = {
      ...options,
      attributeColumns: layout?.attributes.map(([, name]) => name) ?? [],
      importId: row.id,
      members: Number(counted.rows[0]?.n ?? 0),
      fileName: row.file_name,
      uploadedAt: now.toISOString(),
    };
    await tx.query(
      `UPDATE audiences SET definition = $3, version = version + 1, updated_at = $4
        WHERE sandbox_id = $1 AND id = $2`,
      [row.sandbox_id, row.audience_id, JSON.stringify(state), now],
    );
    await tx.query(
      'DELETE FROM audience_members WHERE sandbox_id = $1 AND audience_id = $2 AND import_id <> $3',
      [row.sandbox_id, row.audience_id, row.id],
    );
  };
}

export const importAudienceUpload: KindImporter = async (job) => {
  const options = uploadOptionsOf(job.row);
  const { client, row } = job;
  let layout: Layout | undefined;
  let rows: UploadRow[] = [];
  let problems: FieldProblem[] = [];
  let read = 0;
  const seen = new SeenKeys();
  const flush = async () => {
    const batch = { rows, problems, read };
    rows = [];
    problems = [];
    read = 0;
    const done = await retrying(() =>
      withTransaction(client, () =>
        writeBatch(job, options, batch.rows, batch.problems, batch.read),
      ),
    );
    addToTotals(job.totals, done.delta, done.stored);
    job.onProgress?.({ bytesRead: job.bytes(), ...job.totals });
  };
  try {
    for await (const item of readCsv(job.source)) {
      if ('error' in item) {
        read++;
        problems.push({ line: item.line, field: '', reason: item.error });
      } else if (!layout) {
        layout = layoutOf(item.cells, options);
      } else {
        read++;
        const parsed = readRow(item.line, item.cells, layout, options, seen);
        if ('reason' in parsed) problems.push(parsed);
        else rows.push(parsed);
      }
      if (read >= job.batchSize) await flush();
    }
    if (!layout) throw new Error('the file is empty: it needs a header row');
    await flush();
    return switchMembers(job, options, layout);
  } catch (error) {
    // Rows of a failed upload are never members; they are removed so they take no space.
    await client.query(
      'DELETE FROM audience_members WHERE sandbox_id = $1 AND audience_id = $2 AND import_id = $3',
      [row.sandbox_id, row.audience_id, row.id],
    );
    throw error;
  }
};

/** A row to load, or the reason it is rejected. */
function readRow(
  line: number,
  cells: string[],
  layout: Layout,
  options: UploadOptions,
  seen: SeenKeys,
): UploadRow | FieldProblem {
  if (cells.length !== layout.width)
    return {
      line,
      field: '',
      reason: `has ${cells.length} fields; the header has ${layout.width}`,
    };
  const identity = normalizeIdentity(options.namespace, cells[layout.identityIndex] ?? '');
  if ('error' in identity) return { line, field: options.identityColumn, reason: identity.error };
  const first = seen.get(identity.value);
  if (first !== undefined)
    return {
      line,
      field: options.identityColumn,
      reason: `repeats the ${options.namespace} of line ${first}`,
    };
  seen.set(identity.value, line);
  // fromEntries defines own keys, so a column named __proto__ stays a plain attribute.
  const attributes = Object.fromEntries(
    layout.attributes.map(([index, name]) => [name, cells[index] ?? '']),
  );
  return { line, value: identity.value, attributes };
}
