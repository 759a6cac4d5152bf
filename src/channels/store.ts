// Channel configurations: create and edit as drafts, activate once they can send, deactivate.
// Credentials are sealed on write and only opened for sending (openConfiguration).
import { Value } from '@sinclair/typebox/value';
import type { Selectable } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { usersOf } from '../platform/usage.ts';
import { AppError } from '../platform/errors.ts';
import { activationProblems } from './activation.ts';
import type { ChannelsCall, ChannelsDb, ChannelsTables } from './db.ts';
import {
  Configuration,
  Credentials,
  type ConfigurationInput,
  type ConfigurationStatus,
} from './model.ts';
import { openCredentials, sealCredentials } from './secrets.ts';

type Row = Selectable<ChannelsTables['channel_configurations']>;

const boundTo = (row: { sandbox_id: string; id: string }) => `${row.sandbox_id}/${row.id}`;

export function toConfiguration(row: Row): Configuration {
  const value = {
    id: row.id,
    name: row.name,
    description: row.description,
    channel: row.channel,
    category: row.category,
    ...(row.max_per_second === null ? {} : { maxPerSecond: row.max_per_second }),
    status: row.status,
    settings: row.settings,
    credentialsSet: [...row.credentials_set].sort(),
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    activatedAt: row.activated_at?.toISOString() ?? null,
  };
  if (!Value.Check(Configuration, value))
    throw new Error(`channel configuration ${row.id} has broken settings`);
  return value;
}

async function getRow(db: ChannelsDb, sandboxId: string, id: string): Promise<Row> {
  const row = await db
    .selectFrom('channel_configurations')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('CHANNEL_CONFIG_NOT_FOUND');
  return row;
}

export async function getConfiguration(db: ChannelsDb, sandboxId: string, id: string) {
  return toConfiguration(await getRow(db, sandboxId, id));
}

export async function listConfigurations(
  db: ChannelsDb,
  sandboxId: string,
  query: {
    channel?: 'email' | 'sms' | 'push' | undefined;
    status?: ConfigurationStatus | undefined;
    q?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  let q = db.selectFrom('channel_configurations').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.channel) q = q.where('channel', '=', query.channel);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) q = q.where('name', 'ilike', `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  if (query.cursor) q = q.where('name', '>', query.cursor);
  const rows = await q
    .orderBy('name')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toConfiguration),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.name ?? null) : null,
  };
}

/** Stored credentials with the given changes: a value replaces, an empty string removes. */
function mergeCredentials(
  secret: string,
  row: { sandbox_id: string; id: string; credentials: Buffer | null } | undefined,
  changes: Credentials | undefined,
): Credentials {
  const current: Record<string, string> = row?.credentials
    ? { ...openCredentials(secret, boundTo(row), row.credentials) }
    : {};
  for (const [name, value] of Object.entries(changes ?? {})) {
    if (value === '') delete current[name];
    else if (value !== undefined) current[name] = value;
  }
  return Value.Parse(Credentials, current);
}

async function assertNameFree(tx: ChannelsDb, sandboxId: string, name: string, id: string) {
  const clash = await tx
    .selectFrom('channel_configurations')
    .select('id')
    .where('sandbox_id', '=', sandboxId)
    .where('name', '=', name)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (clash)
    throw new AppError('CHANNEL_CONFIG_EXISTS', undefined, [
      { path: '/name', message: 'is taken' },
    ]);
}

function refuseProblems(problems: ReturnType<typeof activationProblems>): void {
  if (problems.length)
    throw new AppError(
      'CHANNEL_CONFIG_INVALID',
      `${problems[0]?.path} ${problems[0]?.message}`,
      problems,
    );
}

/** Creates a draft, or saves a new version of an existing configuration. */
export async function saveConfiguration(
  call: ChannelsCall,
  input: ConfigurationInput,
  id?: string,
): Promise<Configuration> {
  return call.db.transaction().execute(async (tx) => {
    const before = id ? await getRow(tx, call.sandboxId, id) : undefined;
    const configId = id ?? crypto.randomUUID();
    if (before && before.channel !== input.channel)
      throw new AppError(
        'CHANNEL_CONFIG_INVALID',
        'The channel of a configuration cannot change.',
        [{ path: '/channel', message: `must stay ${before.channel}` }],
      );
    await assertNameFree(tx, call.sandboxId, input.name, configId);
    const credentials = mergeCredentials(call.secret, before, input.credentials);
    // An active configuration keeps sending: a change that would stop it is refused whole.
    if (before?.status === 'active') refuseProblems(activationProblems(input, credentials));
    const now = call.clock.now();
    const names = Object.keys(credentials);
    const values = {
      name: input.name,
      description: input.description ?? '',
      category: input.category,
      max_per_second: input.maxPerSecond ?? null,
      settings: JSON.stringify(input.settings),
      credentials: names.length
        ? sealCredentials(call.secret, `${call.sandboxId}/${configId}`, credentials)
        : null,
      credentials_set: names,
      updated_at: now,
    };
    const row = before
      ? await tx
          .updateTable('channel_configurations')
          .set({ ...values, version: before.version + 1 })
          .where('sandbox_id', '=', call.sandboxId)
          .where('id', '=', configId)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('channel_configurations')
          .values({
            ...values,
            sandbox_id: call.sandboxId,
            id: configId,
            channel: input.channel,
            status: 'draft',
            version: 1,
            created_by: call.actor.label,
            created_at: now,
            activated_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    const saved = toConfiguration(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: before ? 'channelConfiguration.update' : 'channelConfiguration.create',
      entityType: 'channelConfiguration',
      entityId: configId,
      before: before ? toConfiguration(before) : undefined,
      after: saved,
      requestId: call.requestId,
      at: now,
    });
    return saved;
  });
}

const TRANSITIONS = {
  activate: { from: ['draft', 'deactivated'], to: 'active' },
  deactivate: { from: ['active'], to: 'deactivated' },
} as const satisfies Record<string, { from: ConfigurationStatus[]; to: ConfigurationStatus }>;

/** The one way a configuration's status changes: checked, and audited in the same transaction. */
export async function changeStatus(
  call: ChannelsCall,
  id: string,
  action: keyof typeof TRANSITIONS,
): Promise<Configuration> {
  return call.db.transaction().execute(async (tx) => {
    const before = await getRow(tx, call.sandboxId, id);
    const transition = TRANSITIONS[action];
    if (!(transition.from as readonly ConfigurationStatus[]).includes(before.status))
      throw new AppError(
        'CHANNEL_CONFIG_STATUS',
        `A ${before.status} configuration cannot ${action}; it must be ${transition.from.join(' or ')}.`,
      );
    const current = toConfiguration(before);
    if (action === 'deactivate') {
      const users = await usersOf('channelConfiguration', tx, call.sandboxId, id);
      if (users.length)
        throw new AppError(
          'CHANNEL_CONFIG_STATUS',
          `The configuration is used by ${users.join(', ')}; stop or change ${users.length > 1 ? 'them' : 'it'} first.`,
        );
    }
    if (action === 'activate')
      refuseProblems(activationProblems(current, mergeCredentials(call.secret, before, undefined)));
    const now = call.clock.now();
    const row = await tx
      .updateTable('channel_configurations')
      .set({
        status: transition.to,
        updated_at: now,
        ...(action === 'activate' ? { activated_at: now } : {}),
      })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toConfiguration(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: `channelConfiguration.${action}`,
      entityType: 'channelConfiguration',
      entityId: id,
      before: { status: before.status },
      after: { status: after.status },
      requestId: call.requestId,
      at: now,
    });
    return after;
  });
}

/** Only a draft can be deleted: anything that was active may be named by sent messages. */
export async function deleteConfiguration(call: ChannelsCall, id: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const row = await getRow(tx, call.sandboxId, id);
    if (row.status !== 'draft')
      throw new AppError(
        'CHANNEL_CONFIG_STATUS',
        'Only a draft configuration can be deleted; deactivate this one instead.',
      );
    await tx
      .deleteFrom('channel_configurations')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'channelConfiguration.delete',
      entityType: 'channelConfiguration',
      entityId: id,
      before: toConfiguration(row),
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}

/** An active configuration with its credentials opened, for the providers that send with it. */
export async function openConfiguration(
  db: ChannelsDb,
  secret: string,
  sandboxId: string,
  id: string,
): Promise<{ configuration: Configuration; credentials: Credentials }> {
  const row = await getRow(db, sandboxId, id);
  if (row.status !== 'active')
    throw new AppError('CHANNEL_CONFIG_STATUS', `The configuration "${row.name}" is not active.`);
  return {
    configuration: toConfiguration(row),
    credentials: row.credentials ? openCredentials(secret, boundTo(row), row.credentials) : {},
  };
}
