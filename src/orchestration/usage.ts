// What orchestrated campaigns that may send rely on: the channel configuration, business rule set
// and quiet hours their email, SMS and push activities name cannot be deactivated under them.
import { sql } from 'kysely';
import { registerUsageCheck, type UsageCheck } from '../platform/usage.ts';

/** Statuses in which a campaign's published workflow may still run. */
const MAY_SEND = ['publishing', 'live', 'scheduled'];
const CHANNEL_KINDS = ['email', 'sms', 'push'];

/** Orchestrated campaigns that may send, with a channel activity whose `config.<field>` is the id. */
function channelActivitiesWhere(field: string): UsageCheck {
  return async (executor, sandboxId, id) => {
    const rows = await sql<{ name: string }>`
      SELECT c.name FROM orchestrated_campaigns c
       WHERE c.sandbox_id = ${sandboxId} AND c.status = ANY(${MAY_SEND}::text[])
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.definition -> 'activities') a
                      WHERE a ->> 'kind' = ANY(${CHANNEL_KINDS}::text[])
                        AND a -> 'config' ->> ${field} = ${id})
       ORDER BY c.name LIMIT 20`.execute(executor);
    return rows.rows.map((r) => `orchestrated campaign "${r.name}"`);
  };
}

const configurationUsers = channelActivitiesWhere('configurationId');
const ruleSetUsers = channelActivitiesWhere('businessRuleSetId');
const quietHoursUsers = channelActivitiesWhere('quietHoursId');

export function registerOrchestratedUsage(): void {
  registerUsageCheck('channelConfiguration', configurationUsers);
  registerUsageCheck('businessRuleSet', ruleSetUsers);
  registerUsageCheck('quietHours', quietHoursUsers);
}
