// Alert: notifies the chosen users (rows in orchestrated_alerts, read through the API) and
// passes the population on. A test run's alerts say so in their subject.
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { describePopulation, passedOn } from './flow.ts';

export async function runAlert(context: ActivityContext<'alert'>): Promise<ActivityOutcome> {
  const { subject, message, userIds } = context.activity.config;
  const input = passedOn(context);
  const title = context.mode === 'test' ? `[Test] ${subject}` : subject;
  const sql = `INSERT INTO orchestrated_alerts (sandbox_id, campaign_id, run_id, activity_id, user_id,
                                   subject, message, created_at)
   SELECT $1, $2, $3, $4, u, $5, $6, $7 FROM unnest($8::uuid[]) AS u`;
  const inserted = await context.client.query(sql, [
    context.sandboxId,
    context.campaignId,
    context.runId,
    context.activity.id,
    title,
    message,
    context.now,
    [...new Set(userIds)],
  ]);
  context.log(
    `Alert "${title}" to ${inserted.rowCount ?? 0} users (${describePopulation(input)}): ${message}`,
    sql,
  );
  return { kind: 'done', outputs: { out: input } };
}
