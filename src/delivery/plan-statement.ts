// The planning statement: every recipient judged in one INSERT … SELECT — exclusions in the order
// of the send pipeline (address, consent, suppression, frequency caps, quiet hours, variant,
// throttling window) — and numbered into batches. A send at one time keeps to the cheapest shape;
// a timed send joins each recipient's slot and batches the recipients of each slot together.
import type pg from 'pg';
import type { Configuration } from '../channels/model.ts';
import { CHANNEL_EXCLUSIONS, type ExecutionRequest, type TimingPlan } from './model.ts';
import {
  addressing,
  recipientRowsSql,
  recipientsSql,
  sourceValue,
  type SqlParams,
} from './plan-sql.ts';
import { needsZones, planSlots, type SlotTable } from './plan-timing.ts';
import type { VariantSql } from './plan-variants.ts';

export interface StatementInput {
  request: ExecutionRequest;
  configuration: Configuration;
  executionId: string;
  /** `$1` the sandbox, `$2` the recipients' source, `$3` the execution; variants added theirs. */
  params: SqlParams;
  variants: VariantSql | undefined;
  /** When any frequency cap is reached for `a.profile_id` (marketing sends with caps). */
  caps: string | undefined;
  now: Date;
  batchSize: number;
  rate: number | undefined;
  /** How many recipients the throttling window holds; unlimited when null. */
  cap: number | null;
}

/**
 * The recipients with their address, (zone,) variant and the reasons that exclude them. The
 * addresses are materialised and the judgement kept a subquery of its own (OFFSET 0): inlined,
 * PostgreSQL would copy each expression wherever it is used — the address lookup into every
 * branch of the exclusion CASE, the CASE into the window's key and the inserted columns — and run
 * the lookups, suppression probes and frequency caps several times per recipient.
 */
function judgedSql(input: StatementInput, zone: string | undefined): string {
  const { request, params, variants } = input;
  const codes = CHANNEL_EXCLUSIONS[request.channel];
  const address = addressing(input.configuration);
  const channel = params.add(request.channel);
  const marketing = request.category === 'marketing';
  const configuration = input.configuration;
  const spamAllowed =
    configuration.channel === 'email' &&
    request.category === 'transactional' &&
    configuration.settings.sendToSpamComplainers;
  const caps = input.caps;
  const zoneColumn = zone
    ? `, coalesce((SELECT p.timezone FROM profiles p WHERE p.sandbox_id = $1 AND p.id = r.profile_id), ${zone}::text) AS zone`
    : '';
  return `recipients AS (${recipientRowsSql(request.source, '$2')}),
     addressed AS MATERIALIZED (
       SELECT r.profile_id, r.render_data, ${address.sql} AS address,
              (SELECT c.status FROM profile_consent c
                WHERE c.sandbox_id = $1 AND c.profile_id = r.profile_id AND c.channel = ${channel}) AS consent
              ${zoneColumn}
         FROM recipients r
     ),
     judged AS (
       SELECT a.profile_id, a.address, a.render_data${zone ? ', a.zone' : ''},
              ${variants?.treatment ?? 'NULL::text'} AS treatment,
              CASE WHEN a.address IS NULL OR a.address = '' THEN ${params.add(codes.noAddress)}
                   WHEN a.address !~ ${params.add(address.pattern)} THEN ${params.add(codes.malformed)}
                   ${marketing ? `WHEN a.consent IS DISTINCT FROM 'y' THEN ${params.add(codes.noConsent)}` : ''}
                   WHEN EXISTS (SELECT 1 FROM suppressions s
                                 WHERE s.sandbox_id = $1 AND s.channel = ${channel} AND s.address = a.address COLLATE "C"
                                   AND NOT (${params.add(spamAllowed)}::boolean AND s.category = 'spamComplaint')) THEN 'Suppressed'
                   ${caps ? `WHEN ${caps} THEN 'ExcludedForControlRules'` : ''}
              END AS base_reason,
              ${variants?.reason ?? 'NULL::text'} AS variant_reason
         FROM addressed a ${variants?.join ?? ''}
       OFFSET 0
     )`;
}

function messageColumns(): string {
  return `INSERT INTO messages (sandbox_id, execution_id, recipient_key, action_id, profile_id, address,
                                status, reason, batch_no, treatment, render_data, created_at, updated_at)`;
}

/** Everyone from the start: batch k may start k × (batch size ÷ rate) seconds after it. */
export async function insertUntimed(client: pg.PoolClient, input: StatementInput): Promise<number> {
  const { params } = input;
  const judged = judgedSql(input, undefined);
  const cap = params.add(input.cap);
  const batch = params.add(input.batchSize);
  const now = params.add(input.now);
  await client.query(
    `WITH ${judged},
     numbered AS (
       SELECT j.profile_id, j.address, j.treatment, j.render_data, coalesce(j.base_reason, j.variant_reason) AS reason,
              row_number() OVER (PARTITION BY coalesce(j.base_reason, j.variant_reason) IS NULL ORDER BY j.profile_id) AS rn
         FROM judged j
     )
     ${messageColumns()}
     SELECT $1, $3, n.profile_id::text, ${params.add(input.request.actionId)}, n.profile_id, n.address,
            CASE WHEN n.reason IS NULL AND (${cap}::bigint IS NULL OR n.rn <= ${cap}::bigint) THEN 'queued' ELSE 'excluded' END,
            coalesce(n.reason, CASE WHEN n.rn > ${cap}::bigint THEN 'ThrottlingWindowExceeded' END),
            CASE WHEN n.reason IS NULL AND (${cap}::bigint IS NULL OR n.rn <= ${cap}::bigint) THEN ((n.rn - 1) / ${batch}::int)::int END,
            n.treatment, n.render_data, ${now}::timestamptz, ${now}::timestamptz
       FROM numbered n`,
    params.values,
  );
  const batches = await client.query(
    `INSERT INTO execution_batches (sandbox_id, execution_id, batch_no, status, not_before)
     SELECT $1, $2, b.batch_no, 'pending',
            $3::timestamptz + make_interval(secs => CASE WHEN $4::int IS NULL THEN 0 ELSE b.batch_no * $5::double precision / $4 END)
       FROM (SELECT DISTINCT batch_no FROM messages
              WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no IS NOT NULL) b`,
    [
      input.request.sandboxId,
      input.executionId,
      input.request.startsAt,
      input.rate ?? null,
      input.batchSize,
    ],
  );
  return batches.rowCount ?? 0;
}

/** The zones of the recipients (their own, else the default) and the slot of each zone and wave. */
export async function loadSlots(
  client: pg.PoolClient,
  request: ExecutionRequest,
  timing: TimingPlan,
  now: Date,
): Promise<SlotTable> {
  let zones = [timing.defaultZone];
  if (needsZones(timing, request.category)) {
    const found = await client.query<{ zone: string }>(
      `SELECT DISTINCT coalesce(p.timezone, $3) AS zone
         FROM (${recipientsSql(request.source, '$2')}) r
         LEFT JOIN profiles p ON p.sandbox_id = $1 AND p.id = r.profile_id`,
      [request.sandboxId, sourceValue(request.source), timing.defaultZone],
    );
    zones = found.rows.map((r) => r.zone);
  }
  return planSlots({ timing, category: request.category, startsAt: request.startsAt, now, zones });
}

/**
 * The wave of the eligible recipient ranked `rank` (by profile id) of `total`: wave sizes are
 * their percent of the total (rounded down) or their count; the last wave takes the rest.
 */
function waveSql(
  waves: NonNullable<TimingPlan['waves']>,
  params: SqlParams,
  rank: string,
  total: string,
): string {
  if (waves.length <= 1) return '0';
  const bounds: string[] = [];
  const sizes: string[] = [];
  for (const wave of waves.slice(0, -1)) {
    sizes.push(
      'percent' in wave.share
        ? `floor(${total} * ${params.add(wave.share.percent)}::numeric / 100)`
        : `${params.add(wave.share.count)}::bigint`,
    );
    bounds.push(sizes.join(' + '));
  }
  const branches = bounds.map((bound, i) => `WHEN ${rank} <= ${bound} THEN ${i}`);
  return `CASE ${branches.join(' ')} ELSE ${waves.length - 1} END`;
}

/**
 * Recipients by slot: the slots join by (zone, wave), the throttling window counts recipients in
 * slot order, and each slot's recipients fill batches of their own, paced from the slot.
 */
export async function insertTimed(
  client: pg.PoolClient,
  input: StatementInput,
  timing: TimingPlan,
  slots: SlotTable,
): Promise<number> {
  const { params } = input;
  const zone = needsZones(timing, input.request.category)
    ? params.add(timing.defaultZone)
    : undefined;
  const judged = judgedSql(input, zone);
  const eligible = 'j.base_reason IS NULL AND j.variant_reason IS NULL';
  const waves = timing.waves ?? [];
  const waved =
    waves.length > 1
      ? `SELECT j.*, CASE WHEN ${eligible} THEN ${waveSql(waves, params, 'j.wave_rank', 'j.wave_total')} ELSE 0 END AS wave
           FROM (SELECT j.*, row_number() OVER (PARTITION BY ${eligible} ORDER BY j.profile_id) AS wave_rank,
                        count(*) OVER (PARTITION BY ${eligible}) AS wave_total
                   FROM judged j) j`
      : 'SELECT j.*, 0 AS wave FROM judged j';
  const zoneOf = zone ? 'w.zone' : `${params.add(timing.defaultZone)}::text`;
  const cap = params.add(input.cap);
  const batch = params.add(input.batchSize);
  const rate = params.add(input.rate ?? null);
  const now = params.add(input.now);
  const result = await client.query(
    `WITH ${judged},
     waved AS (${waved}),
     slotted AS (
       SELECT w.profile_id, w.address, w.treatment, w.render_data,
              coalesce(s.slot_at, ${params.add(input.request.startsAt)}::timestamptz) AS slot_at,
              coalesce(w.base_reason, CASE WHEN s.discard THEN 'QuietHoursExclusion' END, w.variant_reason) AS reason
         FROM waved w
         LEFT JOIN unnest(${params.add(slots.zones)}::text[], ${params.add(slots.waves)}::int[],
                          ${params.add(slots.slots.map((s) => s.toISOString()))}::timestamptz[],
                          ${params.add(slots.discard)}::boolean[]) AS s(zone, wave, slot_at, discard)
           ON s.zone = ${zoneOf} AND s.wave = w.wave
     ),
     numbered AS (
       SELECT s.*,
              row_number() OVER (PARTITION BY s.reason IS NULL ORDER BY s.slot_at, s.profile_id) AS rn,
              row_number() OVER (PARTITION BY s.reason IS NULL, s.slot_at ORDER BY s.profile_id) AS slot_rn
         FROM slotted s
     ),
     batched AS (
       SELECT n.profile_id, n.address, n.treatment, n.render_data, n.slot_at, n.reason,
              n.reason IS NULL AND (${cap}::bigint IS NULL OR n.rn <= ${cap}::bigint) AS queued,
              (n.slot_rn - 1) / ${batch}::int AS slot_batch,
              sum(CASE WHEN (n.slot_rn - 1) % ${batch}::int = 0 THEN 1 ELSE 0 END)
                OVER (PARTITION BY n.reason IS NULL ORDER BY n.slot_at, n.profile_id ROWS UNBOUNDED PRECEDING) - 1 AS batch_no
         FROM numbered n
     ),
     written AS (
       ${messageColumns()}
       SELECT $1, $3, b.profile_id::text, ${params.add(input.request.actionId)}, b.profile_id, b.address,
              CASE WHEN b.queued THEN 'queued' ELSE 'excluded' END,
              CASE WHEN NOT b.queued THEN coalesce(b.reason, 'ThrottlingWindowExceeded') END,
              CASE WHEN b.queued THEN b.batch_no::int END,
              b.treatment, b.render_data, ${now}::timestamptz, ${now}::timestamptz
         FROM batched b
     )
     INSERT INTO execution_batches (sandbox_id, execution_id, batch_no, status, not_before)
     SELECT $1, $3, b.batch_no::int, 'pending',
            min(b.slot_at) + make_interval(secs => CASE WHEN ${rate}::int IS NULL THEN 0
                                                       ELSE min(b.slot_batch) * ${batch}::double precision / ${rate}::int END)
       FROM batched b WHERE b.queued GROUP BY b.batch_no`,
    params.values,
  );
  return result.rowCount ?? 0;
}
