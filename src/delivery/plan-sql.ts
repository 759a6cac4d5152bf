// Pieces of the planning statement: the recipients, their addresses, and the business rules
// (frequency caps) that judge them. Values are bound as parameters; the only literals written
// into the SQL come from a validated configuration.
import { escapeIdentifier } from 'pg';
import type pg from 'pg';
import type { Configuration } from '../channels/model.ts';
import { assertNever } from '../platform/assert.ts';
import type { FrequencyCap, RecipientSource } from './model.ts';

/** Parameters of one statement, numbered as they are added. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The recipient's identity in a namespace (the first by value when there are several). The
 * namespace is filtered inside the aggregate so that the only index matching the condition is
 * the one by profile: with (namespace, value) usable too, stale statistics after a large import
 * can make PostgreSQL walk every identity of the namespace for each recipient.
 */
function identityOf(namespace: 'email' | 'phone'): string {
  return `(SELECT (array_agg(i.value ORDER BY i.value) FILTER (WHERE i.namespace = '${namespace}'))[1]
             FROM profile_identities i WHERE i.sandbox_id = $1 AND i.profile_id = r.profile_id)`;
}

/** Values from a validated configuration, quoted; user values elsewhere are always bound. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQL giving each recipient's address for the channel (`$1` the sandbox), and the pattern a valid one matches. */
export function addressing(configuration: Configuration): { sql: string; pattern: string } {
  switch (configuration.channel) {
    case 'email':
      return {
        sql: identityOf('email'),
        pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
      };
    case 'sms':
      return {
        sql: identityOf('phone'),
        pattern: '^\\+[1-9][0-9]{6,14}$',
      };
    case 'push':
      // The newest active registration of the configuration's app on its platform.
      return {
        sql: `(SELECT t.token FROM push_tokens t
                WHERE t.sandbox_id = $1 AND t.profile_id = r.profile_id AND t.active
                  AND t.app_id = ${literal(configuration.settings.appId)}
                  AND t.platform = ${literal(configuration.settings.platform)}
                ORDER BY t.updated_at DESC LIMIT 1)`,
        pattern: '.',
      };
    default:
      return assertNever(configuration);
  }
}

/** The schema of orchestrated campaigns' worktables (owned by orchestration; named here only). */
const WORKTABLE_SCHEMA = 'clarion_work';

/** A worktable as `"clarion_work"."name"`, its name checked so that nothing else is ever written. */
export function worktableSourceRef(table: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(table)) throw new Error(`invalid worktable name ${table}`);
  return `${escapeIdentifier(WORKTABLE_SCHEMA)}.${escapeIdentifier(table)}`;
}

/** The value that names the recipients, bound as the `source` parameter of `recipientsSql`. */
export function sourceValue(source: RecipientSource): unknown {
  if ('snapshotId' in source) return source.snapshotId;
  if ('profileIds' in source) return source.profileIds;
  return source.worktable;
}

/**
 * A query of the recipients' profile ids (`$1` the sandbox, `param` the source's value). A
 * worktable is named in the SQL; its name is bound too, only so that the parameter is used (an
 * unused one has no type and fails the statement).
 */
export function recipientsSql(source: RecipientSource, param: string): string {
  if ('snapshotId' in source)
    return `SELECT m.profile_id FROM audience_snapshot_members m WHERE m.sandbox_id = $1 AND m.snapshot_id = ${param}::uuid`;
  if ('profileIds' in source) return `SELECT DISTINCT unnest(${param}::uuid[]) AS profile_id`;
  return `SELECT DISTINCT w.profile_id FROM ${worktableSourceRef(source.worktable)} w
           WHERE w.profile_id IS NOT NULL AND ${param}::text IS NOT NULL`;
}

/**
 * The recipients with what each message keeps to render with (`messages.render_data`): a
 * worktable's other columns as `{target: {...}}` (one row per profile when it repeats one),
 * nothing for the other sources.
 */
export function recipientRowsSql(source: RecipientSource, param: string): string {
  if (!('worktable' in source))
    return `SELECT s.profile_id, NULL::jsonb AS render_data FROM (${recipientsSql(source, param)}) s`;
  return `SELECT DISTINCT ON (w.profile_id) w.profile_id,
                 jsonb_build_object('target', to_jsonb(w) - 'profile_id') AS render_data
            FROM ${worktableSourceRef(source.worktable)} w
           WHERE w.profile_id IS NOT NULL AND ${param}::text IS NOT NULL
           ORDER BY w.profile_id`;
}

/** Messages that count towards a frequency cap: on their way or handed over. */
const COUNTED_STATUSES = "('queued', 'sending', 'sent', 'delivered', 'retrying')";

/**
 * A condition that holds when any cap is reached for the profile `a.profile_id`. Each cap counts
 * (up to its limit) the profile's messages since its start through the index by (sandbox,
 * profile, created_at), among the messages of the marketing executions on its channels that may
 * have some since then — those not finished before — found here first: a short list of ids that
 * PostgreSQL hashes, instead of a join per message. A cap without such executions cannot be
 * reached. Messages of the execution being planned never count.
 */
export async function capsReachedSql(
  client: pg.PoolClient,
  sandboxId: string,
  executionId: string,
  caps: FrequencyCap[],
  params: SqlParams,
): Promise<string | undefined> {
  const conditions: string[] = [];
  for (const cap of caps) {
    const found = await client.query<{ ids: string[] | null }>(
      `SELECT array_agg(e.id) AS ids FROM executions e
        WHERE e.sandbox_id = $1 AND e.id <> $2 AND e.category = 'marketing' AND e.channel = ANY($3::text[])
          AND (e.finished_at IS NULL OR e.finished_at >= $4)`,
      [sandboxId, executionId, cap.channels, cap.since],
    );
    const executions = found.rows[0]?.ids;
    if (!executions?.length) continue;
    const count = params.add(cap.count);
    conditions.push(`(SELECT count(*) FROM (
                 SELECT 1 FROM messages m
                  WHERE m.sandbox_id = $1 AND m.profile_id = a.profile_id
                    AND m.created_at >= ${params.add(cap.since.toISOString())}::timestamptz
                    AND m.execution_id = ANY(${params.add(executions)}::uuid[])
                    AND m.status IN ${COUNTED_STATUSES}
                  LIMIT ${count}::int) counted) >= ${count}::int`);
  }
  return conditions.length > 0 ? conditions.join(' OR ') : undefined;
}
