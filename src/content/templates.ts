// Content templates: saved email, SMS or push content to start a message from. Saving compiles
// the content with the fragments it includes, so a template that is stored always renders.
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable } from 'kysely';
import { escapeLike, recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import { compileContent, contentSources } from './compile.ts';
import {
  lockContent,
  recordUses,
  type ContentCall,
  type ContentDb,
  type ContentTables,
} from './db.ts';
import { loadFragments } from './fragment-sources.ts';
import {
  ChannelContent,
  type ContentChannel,
  type ContentTemplate,
  type TemplateInput,
  type TemplateSummary,
} from './model.ts';

type Row = Selectable<ContentTables['content_templates']>;

function toTemplate(row: Row): ContentTemplate {
  const stored = { channel: row.channel, content: row.content };
  if (!Value.Check(ChannelContent, stored))
    throw new Error(`content template ${row.id} has content that no longer fits its schema`);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    ...stored,
  };
}

function toSummary(row: Omit<Row, 'content'>): TemplateSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    channel: row.channel,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

async function templateRow(db: ContentDb, sandboxId: string, id: string): Promise<Row> {
  const row = await db
    .selectFrom('content_templates')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('CONTENT_TEMPLATE_NOT_FOUND');
  return row;
}

export async function getTemplate(db: ContentDb, sandboxId: string, id: string) {
  return toTemplate(await templateRow(db, sandboxId, id));
}

export async function listTemplates(
  db: ContentDb,
  sandboxId: string,
  query: {
    q?: string | undefined;
    channel?: ContentChannel | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  let q = db
    .selectFrom('content_templates')
    .select([
      'sandbox_id',
      'id',
      'name',
      'description',
      'channel',
      'version',
      'created_by',
      'created_at',
      'updated_by',
      'updated_at',
    ])
    .where('sandbox_id', '=', sandboxId);
  if (query.q) q = q.where('name', 'ilike', `%${escapeLike(query.q)}%`);
  if (query.channel) q = q.where('channel', '=', query.channel);
  if (query.cursor) q = q.where('name', '>', query.cursor);
  const rows = await q
    .orderBy('name')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.name ?? null) : null,
  };
}

function channelContentOf(input: TemplateInput): ChannelContent {
  switch (input.channel) {
    case 'email':
      return { channel: 'email', content: input.content };
    case 'sms':
      return { channel: 'sms', content: input.content };
    case 'push':
      return { channel: 'push', content: input.content };
  }
}

/** Compiles a content with the sandbox's fragments; problems are 400s at `/content/...`. */
export async function checkContent(db: ContentDb, sandboxId: string, input: ChannelContent) {
  const loaded = await loadFragments(db, sandboxId, contentSources(input));
  const compiled = await compileContent(input, {
    resolveFragment: loaded.resolve,
    pathPrefix: '/content',
  });
  return { compiled, fragments: loaded.direct };
}

export async function saveTemplate(call: ContentCall, input: TemplateInput, id?: string) {
  const templateId = id ?? crypto.randomUUID();
  const channelContent = channelContentOf(input);
  return call.db.transaction().execute(async (tx) => {
    await lockContent(tx, call.sandboxId);
    const before = id ? await templateRow(tx, call.sandboxId, id) : undefined;
    const clash = await tx
      .selectFrom('content_templates')
      .select('id')
      .where('sandbox_id', '=', call.sandboxId)
      .where('name', '=', input.name)
      .where('id', '!=', templateId)
      .executeTakeFirst();
    if (clash)
      throw new AppError('CONTENT_TEMPLATE_EXISTS', undefined, [
        { path: '/name', message: 'is taken' },
      ]);
    const { fragments } = await checkContent(tx, call.sandboxId, channelContent);
    const now = call.clock.now();
    const values = {
      name: input.name,
      description: input.description ?? '',
      channel: input.channel,
      content: JSON.stringify(input.content),
      updated_by: call.actor.label,
      updated_at: now,
    };
    const row = before
      ? await tx
          .updateTable('content_templates')
          .set({ ...values, version: sql`version + 1` })
          .where('sandbox_id', '=', call.sandboxId)
          .where('id', '=', templateId)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('content_templates')
          .values({
            ...values,
            sandbox_id: call.sandboxId,
            id: templateId,
            version: 1,
            created_by: call.actor.label,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await recordUses(tx, call.sandboxId, { kind: 'template', id: templateId }, fragments);
    const template = toTemplate(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: before ? 'contentTemplate.update' : 'contentTemplate.create',
      entityType: 'contentTemplate',
      entityId: templateId,
      before: before ? toTemplate(before) : undefined,
      after: template,
      requestId: call.requestId,
      at: now,
    });
    return template;
  });
}

export async function deleteTemplate(call: ContentCall, id: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    await lockContent(tx, call.sandboxId);
    const before = await templateRow(tx, call.sandboxId, id);
    await tx
      .deleteFrom('content_templates')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .execute();
    await recordUses(tx, call.sandboxId, { kind: 'template', id }, []);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'contentTemplate.delete',
      entityType: 'contentTemplate',
      entityId: id,
      before: toTemplate(before),
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}
