// What campaigns that may send rely on: their channel configuration, business rule set and
// quiet hours cannot be deactivated under them.
import { sql } from 'kysely';
import { registerUsageCheck, type UsageCheck } from '../platform/usage.ts';

/** Campaigns in review, scheduled or live whose `path` (a JSON path in a part) is the id. */
function campaignsWhere(part: 'action' | 'controls', field: string): UsageCheck {
  return async (executor, sandboxId, id) => {
    const rows = await sql<{ name: string }>`
      SELECT name FROM campaigns
       WHERE sandbox_id = ${sandboxId} AND status IN ('inReview', 'scheduled', 'live')
         AND ${sql.ref(part)} ->> ${field} = ${id}
       ORDER BY name LIMIT 20`.execute(executor);
    return rows.rows.map((r) => `campaign "${r.name}"`);
  };
}

const configurationUsers = campaignsWhere('action', 'configurationId');
const ruleSetUsers = campaignsWhere('controls', 'businessRuleSetId');
const quietHoursUsers = campaignsWhere('controls', 'quietHoursId');

export function registerCampaignUsage(): void {
  registerUsageCheck('channelConfiguration', configurationUsers);
  registerUsageCheck('businessRuleSet', ruleSetUsers);
  registerUsageCheck('quietHours', quietHoursUsers);
}
