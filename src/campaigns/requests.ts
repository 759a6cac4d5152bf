// Approval requests as read: a campaign's request history, and the approvers' inbox.
import { sql } from 'kysely';
import type { Role } from '../platform/permissions.ts';
import type { Actor } from '../platform/context.ts';
import type { CampaignsDb } from './db.ts';
import type { ApprovalRequest } from './model.ts';
import { mayDecide } from './service.ts';

interface Viewer {
  actor: Actor;
  roles: ReadonlySet<Role>;
}

async function requestRows(
  db: CampaignsDb,
  sandboxId: string,
  filter: { campaignId?: string; status?: ApprovalRequest['status'] },
  limit: number,
  cursor?: string,
) {
  let q = db
    .selectFrom('approval_requests as r')
    .innerJoin('campaigns as c', (join) =>
      join.onRef('c.sandbox_id', '=', 'r.sandbox_id').onRef('c.id', '=', 'r.campaign_id'),
    )
    .selectAll('r')
    .select([
      'c.name as campaign_name',
      sql<{ id: string; name: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name)
          FROM approval_policies p WHERE p.sandbox_id = r.sandbox_id AND p.id = ANY(r.policy_ids)), '[]')`.as(
        'policies',
      ),
    ])
    .where('r.sandbox_id', '=', sandboxId);
  if (filter.campaignId) q = q.where('r.campaign_id', '=', filter.campaignId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (cursor) q = q.where('r.requested_at', '<', new Date(cursor));
  return q
    .orderBy('r.requested_at', 'desc')
    .limit(limit + 1)
    .execute();
}

type Row = Awaited<ReturnType<typeof requestRows>>[number];

function toRequest(row: Row, viewer: Viewer): ApprovalRequest {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    status: row.status,
    policies: row.policies,
    requestedBy: row.requested_label,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_label,
    decidedAt: row.decided_at?.toISOString() ?? null,
    message: row.message,
    canDecide: row.status === 'pending' && mayDecide(row, viewer),
  };
}

export async function campaignRequests(
  db: CampaignsDb,
  sandboxId: string,
  campaignId: string,
  viewer: Viewer,
): Promise<ApprovalRequest[]> {
  const rows = await requestRows(db, sandboxId, { campaignId }, 200);
  return rows.slice(0, 200).map((r) => toRequest(r, viewer));
}

export async function listRequests(
  db: CampaignsDb,
  sandboxId: string,
  query: {
    status?: ApprovalRequest['status'] | undefined;
    mine?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  },
  viewer: Viewer,
) {
  const rows = await requestRows(
    db,
    sandboxId,
    query.status ? { status: query.status } : {},
    query.limit,
    query.cursor,
  );
  const page = rows.slice(0, query.limit);
  const items = page.map((r) => toRequest(r, viewer)).filter((r) => !query.mine || r.canDecide);
  return {
    items,
    nextCursor:
      rows.length > query.limit ? (page.at(-1)?.requested_at.toISOString() ?? null) : null,
  };
}
