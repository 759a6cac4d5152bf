// Read audience: the members of a saved audience, evaluated now through the audiences area (a
// rule audience's query, or an uploaded audience's last completed file). Uploaded members keep
// their file columns as text columns of the worktable.
import { escapeIdentifier } from 'pg';
import { applyEvaluationSettings } from '../../audiences/evaluate.ts';
import { audiencesDb, compileAudience, getAudience } from '../../audiences/store.ts';
import type { Audience } from '../../audiences/model.ts';
import { assertNever } from '../../platform/assert.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { COLUMN_PATTERN } from '../model.ts';
import { transactionDb } from '../targeting/client-db.ts';
import { embedQuery, newSqlContext, readable, type SqlContext } from '../targeting/sql-context.ts';

const COLUMN = new RegExp(COLUMN_PATTERN);

async function membersSelect(
  context: ActivityContext<'readAudience'>,
  audience: Audience,
  ctx: SqlContext,
): Promise<string> {
  switch (audience.kind) {
    case 'rule': {
      const db = audiencesDb(transactionDb(context.client));
      const query = await compileAudience(db, context.sandboxId, audience, context.now);
      return `SELECT m.id AS profile_id FROM (${embedQuery(query, ctx)}) m`;
    }
    case 'upload': {
      const { importId, attributeColumns } = audience.upload;
      const kept = attributeColumns.filter((c) => COLUMN.test(c) && c !== 'profile_id');
      const dropped = attributeColumns.filter((c) => !kept.includes(c));
      if (dropped.length)
        context.log(
          `Columns left out (a column name is a letter, then letters, digits or _): ${dropped.join(', ')}`,
        );
      const columns = kept.map(
        (c) => `, m.attributes ->> ${ctx.params.add(c)} AS ${escapeIdentifier(c)}`,
      );
      if (!importId) {
        context.log('The audience has no completed upload yet: it has no members.');
        return `SELECT m.profile_id${columns.join('')} FROM audience_members m WHERE false`;
      }
      return (
        `SELECT m.profile_id${columns.join('')} FROM audience_members m` +
        ` WHERE m.sandbox_id = ${ctx.sandbox()} AND m.audience_id = ${ctx.params.add(audience.id)}::uuid` +
        ` AND m.import_id = ${ctx.params.add(importId)}::uuid`
      );
    }
    default:
      return assertNever(audience);
  }
}

export async function runReadAudience(
  context: ActivityContext<'readAudience'>,
): Promise<ActivityOutcome> {
  const db = audiencesDb(transactionDb(context.client));
  const audience = await getAudience(db, context.sandboxId, context.activity.config.audienceId);
  const ctx = newSqlContext(context.sandboxId, context.now, {
    datasets: new Map(),
    audiences: new Map(),
  });
  const select = await membersSelect(context, audience, ctx);
  context.log(`Reading the ${audience.kind} audience "${audience.name}"`, readable(select, ctx));
  await applyEvaluationSettings(context.client);
  const out = await context.createWorktable('out', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select,
    params: ctx.params.values,
  });
  context.log(`${out.count} ${out.count === 1 ? 'member' : 'members'}`);
  return { kind: 'done', outputs: { out } };
}
