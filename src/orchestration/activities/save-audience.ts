// Save audience: the input's profiles become the members of an uploaded (static) audience of
// the given name, created the first time and refilled by later runs, optionally with some of
// the input's columns. Test runs save nothing. The input passes on unchanged.
import { audiencesDb } from '../../audiences/store.ts';
import { saveMembersAsAudience } from '../../audiences/uploads/upload-save.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { worktableRef } from '../engine/worktables.ts';
import { transactionDb } from '../targeting/client-db.ts';
import { inputPopulation } from '../targeting/sources.ts';
import { qualified } from '../targeting/sql-context.ts';

export async function runSaveAudience(
  context: ActivityContext<'saveAudience'>,
): Promise<ActivityOutcome> {
  const { name, columns = [] } = context.activity.config;
  const input = inputPopulation(context.inputs, context.activity.label);
  if (input.dimension.kind !== 'profiles')
    throw new AppError(
      'ACTIVITY_FAILED',
      'An audience is made of profiles: change the dimension to profiles first.',
    );
  const unknown = columns.filter(
    (c) => c === 'profile_id' || !input.columns.some((column) => column.name === c),
  );
  if (unknown.length)
    throw new AppError(
      'ACTIVITY_FAILED',
      `Not columns of the input to keep: ${unknown.join(', ')}.`,
    );
  const table = `${worktableRef(input.table)} w`;
  if (context.mode === 'test') {
    context.log(
      `Test run: the audience "${name}" is not saved (it would have ${input.count} ${input.count === 1 ? 'member' : 'members'})`,
    );
  } else {
    const select = `SELECT ${['profile_id', ...columns].map((c) => qualified('w', c)).join(', ')} FROM ${table}`;
    const { audience, created } = await saveMembersAsAudience(
      {
        db: audiencesDb(transactionDb(context.client)),
        sandboxId: context.sandboxId,
        actor: { type: 'system', id: null, label: context.actorLabel },
        clock: { now: () => context.now },
      },
      {
        name,
        source: `Orchestrated campaign ${context.campaignId}, run ${context.runNo}`,
        select,
        params: [],
        columns,
      },
    );
    const members = audience.kind === 'upload' ? audience.upload.members : 0;
    context.log(
      `${created ? 'Created' : 'Replaced the members of'} the audience "${name}": ${members} ${members === 1 ? 'member' : 'members'}`,
      select,
    );
  }
  const out = await context.createWorktable('out', {
    dimension: input.dimension,
    keys: input.keys,
    select: `SELECT w.* FROM ${table}`,
  });
  return { kind: 'done', outputs: { out } };
}
