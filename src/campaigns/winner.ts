// Scaling an experiment's winner (SPEC C7): from then on every run of the recurring campaign
// sends the winning treatment only. Manual (an approver picks it) or automatic (before each
// run, once the report shows a treatment significantly better than the others).
import { recordAudit } from '../platform/audit.ts';
import { SYSTEM_ACTOR, type Actor } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { campaignReport } from '../reports/report.ts';
import type { Database } from '../db/connection.ts';
import { campaignsDb, type CampaignsDb } from './db.ts';
import { getCampaignRow, toCampaign, type CampaignRow } from './store.ts';

async function writeScaled(
  tx: CampaignsDb,
  row: CampaignRow,
  treatment: string,
  actor: Actor,
  now: Date,
  requestId?: string,
): Promise<CampaignRow> {
  const campaign = toCampaign(row);
  const content = campaign.content;
  if (content?.mode !== 'experiment')
    throw new AppError('CAMPAIGN_INVALID', 'The campaign has no experiment.', [
      { path: '/content', message: 'is not an experiment' },
    ]);
  if (!content.treatments.some((t) => t.key === treatment))
    throw new AppError('CAMPAIGN_INVALID', `No treatment "${treatment}".`, [
      { path: '/treatment', message: 'is not a treatment of this experiment' },
    ]);
  const updated = await tx
    .updateTable('campaigns')
    .set({
      content: JSON.stringify({ ...content, scaledTo: treatment }),
      updated_at: now,
      updated_by: actor.label,
    })
    .where('sandbox_id', '=', row.sandbox_id)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    sandboxId: row.sandbox_id,
    actor,
    action: 'campaign.scaleWinner',
    entityType: 'campaign',
    entityId: row.id,
    after: { treatment },
    requestId,
    at: now,
  });
  return updated;
}

/** An approver sends only `treatment` from the next run on (live or scheduled campaigns). */
export async function scaleWinner(
  db: CampaignsDb,
  call: { sandboxId: string; actor: Actor; requestId?: string | undefined; now: Date },
  id: string,
  treatment: string,
): Promise<CampaignRow> {
  return db.transaction().execute(async (tx) => {
    const row = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    if (!['scheduled', 'live'].includes(row.status))
      throw new AppError(
        'CAMPAIGN_TRANSITION_INVALID',
        'Only a scheduled or live campaign can scale a winner.',
      );
    return writeScaled(tx, row, treatment, call.actor, call.now, call.requestId);
  });
}

/** Before a later run of an automatic experiment: scale the winner once there is one. */
export async function scaleWinnerIfSignificant(
  deps: { database: Database },
  row: CampaignRow,
  now: Date,
): Promise<void> {
  const content = toCampaign(row).content;
  if (content?.mode !== 'experiment' || content.winner !== 'automatic' || content.scaledTo) return;
  const report = await campaignReport(deps.database.pool, row.sandbox_id, row.id, {
    metric: content.metric,
    treatmentOrder: content.treatments.map((t) => t.key),
  });
  const winner = report.experiment?.winner;
  if (!winner) return;
  await campaignsDb(deps.database.db)
    .transaction()
    .execute(async (tx) => {
      const locked = await getCampaignRow(tx, row.sandbox_id, row.id, { forUpdate: true });
      await writeScaled(tx, locked, winner, SYSTEM_ACTOR, now);
    });
}
