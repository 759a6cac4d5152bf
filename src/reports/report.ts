// Campaign and execution reports (SPEC R1, R2, C7): the grouped aggregates of queries.ts summed
// into totals and rows per execution, channel and treatment, with the time series and, when the
// campaign has treatments, the experiment's result.
import type pg from 'pg';
import { AppError } from '../platform/errors.ts';
import { experimentResult } from './experiment.ts';
import {
  MAX_SERIES_BUCKETS,
  type CampaignReport,
  type ChannelReportRow,
  type ExperimentMetricName,
  type MainCounts,
  type ReportBucket,
  type ReportQuery,
  type TreatmentReportRow,
} from './model.ts';
import {
  activitySeries,
  bounceReasons,
  feedbackCounts,
  linkClicks,
  listExecutions,
  messageCounts,
  trackingCounts,
  type ExecutionListRow,
  type ReportScope,
} from './queries.ts';
import { addCounts, emptyCounts, tallyFeedback, tallyMessage, tallyTracking } from './tally.ts';

export interface ReportOptions {
  /** Only this execution of the campaign. */
  executionId?: string | undefined;
  /** Activity from this time (inclusive)… */
  from?: Date | undefined;
  /** …to this time (exclusive). */
  to?: Date | undefined;
  /** The series' bucket; by default hours for up to three days, else days. */
  bucket?: ReportBucket | undefined;
  /** The experiment's success metric (default opens); null when the variants are not an experiment. */
  metric?: ExperimentMetricName | null | undefined;
  /** Treatment keys in order, the control first (the campaign's order; default: by name). */
  treatmentOrder?: readonly string[] | undefined;
}

/** The options a validated report query string asks for. */
export function reportOptionsFromQuery(query: ReportQuery): ReportOptions {
  return {
    executionId: query.executionId,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
    bucket: query.bucket,
    metric: query.metric,
  };
}

/** How many bounce reasons the report lists. */
export const TOP_BOUNCE_REASONS = 20;

const HOUR_MS = 3_600_000;

function checkPeriod(options: ReportOptions): void {
  const { from, to, bucket } = options;
  if (from && to) {
    if (to.getTime() <= from.getTime())
      throw new AppError('VALIDATION_FAILED', 'The period ends before it starts.', [
        { path: '/to', message: 'must be after from' },
      ]);
    const step = bucket === 'day' ? 24 * HOUR_MS : HOUR_MS;
    if ((to.getTime() - from.getTime()) / step > MAX_SERIES_BUCKETS)
      throw new AppError(
        'VALIDATION_FAILED',
        `The period has more than ${MAX_SERIES_BUCKETS} ${bucket ?? 'hour'}s.`,
        [{ path: '/bucket', message: `at most ${MAX_SERIES_BUCKETS} buckets` }],
      );
  }
}

const toNumber = (value: string) => Number(value);

/** The report of a campaign's executions, or of one of them. */
export async function campaignReport(
  pool: pg.Pool,
  sandboxId: string,
  campaignId: string,
  options: ReportOptions = {},
): Promise<CampaignReport> {
  checkPeriod(options);
  const scope: ReportScope = {
    sandboxId,
    campaignId,
    executionId: options.executionId ?? null,
    from: options.from ?? null,
    to: options.to ?? null,
  };
  const executions = await listExecutions(pool, scope);
  if (options.executionId && executions.length === 0) throw new AppError('EXECUTION_NOT_FOUND');
  return buildReport(pool, scope, executions, options);
}

/** The report of one execution (of a campaign or not). */
export async function executionReport(
  pool: pg.Pool,
  sandboxId: string,
  executionId: string,
  options: Omit<ReportOptions, 'executionId'> = {},
): Promise<CampaignReport> {
  checkPeriod(options);
  const found = await pool.query<{ campaign_id: string | null }>(
    'SELECT campaign_id FROM executions WHERE sandbox_id = $1 AND id = $2',
    [sandboxId, executionId],
  );
  const execution = found.rows[0];
  if (!execution) throw new AppError('EXECUTION_NOT_FOUND');
  const scope: ReportScope = {
    sandboxId,
    campaignId: execution.campaign_id,
    executionId,
    from: options.from ?? null,
    to: options.to ?? null,
  };
  return buildReport(pool, scope, await listExecutions(pool, scope), options);
}

/** Treatment keys in the requested order (the control first), then the others by name. */
function orderTreatments(keys: Set<string>, requested: readonly string[] | undefined): string[] {
  const ordered: string[] = [];
  for (const key of [...(requested ?? []), ...[...keys].sort()])
    if (keys.has(key) && !ordered.includes(key)) ordered.push(key);
  return ordered;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.min(1, part / whole));

async function buildReport(
  pool: pg.Pool,
  scope: ReportScope,
  executions: ExecutionListRow[],
  options: ReportOptions,
): Promise<CampaignReport> {
  // Only executions with variants have messages that name one.
  const withTreatments = executions.some((e) => e.has_variants);
  const [messages, tracking, feedback, reasons, links, series] = await Promise.all([
    messageCounts(pool, scope),
    trackingCounts(pool, scope, withTreatments),
    feedbackCounts(pool, scope, withTreatments),
    bounceReasons(pool, scope, TOP_BOUNCE_REASONS),
    linkClicks(pool, scope),
    activitySeries(pool, scope, options.bucket ?? null),
  ]);

  const perExecution = new Map(executions.map((e) => [e.id, emptyCounts()]));
  const perTreatment = new Map<string, MainCounts>();
  const excludedByReason = new Map<string, number>();
  const bounces = { hard: 0, soft: 0, ignored: 0, admin: 0 };
  /** The rows a group of counts adds to: its execution's and its treatment's. */
  const targets = (executionId: string, treatment: string | null): MainCounts[] => {
    const rows: MainCounts[] = [];
    const execution = perExecution.get(executionId);
    if (execution) rows.push(execution);
    if (treatment !== null) {
      let row = perTreatment.get(treatment);
      if (!row) perTreatment.set(treatment, (row = emptyCounts()));
      rows.push(row);
    }
    return rows;
  };
  for (const m of messages) {
    const n = toNumber(m.n);
    for (const row of targets(m.execution_id, m.treatment)) tallyMessage(row, m.status, n);
    if (m.status === 'excluded') {
      const reason = m.reason ?? 'Unknown';
      excludedByReason.set(reason, (excludedByReason.get(reason) ?? 0) + n);
    }
  }
  for (const t of tracking)
    for (const row of targets(t.execution_id, t.treatment))
      tallyTracking(row, t.kind, toNumber(t.total), toNumber(t.uniq));
  for (const f of feedback) {
    const n = toNumber(f.n);
    for (const row of targets(f.execution_id, f.treatment)) tallyFeedback(row, f.kind, n);
    if (f.kind !== 'complaint') bounces[f.kind] += n;
  }

  const totals = emptyCounts();
  const channels = new Map<string, ChannelReportRow>();
  const executionRows = executions.map((e) => {
    const counts = perExecution.get(e.id) ?? emptyCounts();
    addCounts(totals, counts);
    const channel = channels.get(e.channel) ?? { channel: e.channel, ...emptyCounts() };
    addCounts(channel, counts);
    channels.set(e.channel, channel);
    return {
      id: e.id,
      runNo: e.run_no,
      channel: e.channel,
      status: e.status,
      createdAt: e.created_at.toISOString(),
      startsAt: e.starts_at.toISOString(),
      finishedAt: e.finished_at?.toISOString() ?? null,
      ...counts,
    };
  });
  const treatments: TreatmentReportRow[] = orderTreatments(
    new Set(perTreatment.keys()),
    options.treatmentOrder,
  ).map((key) => {
    const counts = perTreatment.get(key) ?? emptyCounts();
    return {
      key,
      ...counts,
      openRate: rate(counts.uniqueOpens, counts.sent),
      clickRate: rate(counts.uniqueClicks, counts.sent),
    };
  });
  const bucket = series[0]?.bucket ?? options.bucket ?? 'hour';

  return {
    campaignId: scope.campaignId,
    executionId: scope.executionId,
    period: {
      from: scope.from?.toISOString() ?? null,
      to: scope.to?.toISOString() ?? null,
      bucket,
    },
    totals: {
      targeted: totals.targeted,
      excluded: totals.excluded,
      excludedByReason: [...excludedByReason]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      sent: totals.sent,
      delivered: totals.delivered,
      bounces: {
        ...bounces,
        byReason: reasons.map((r) => ({
          kind: r.kind,
          statusCode: r.status_code,
          diagnostic: r.diagnostic,
          count: toNumber(r.n),
        })),
      },
      errors: totals.errors,
      pending: totals.pending,
      opens: { total: totals.opens, unique: totals.uniqueOpens },
      clicks: {
        total: totals.clicks,
        unique: totals.uniqueClicks,
        perLink: links.map((l) => ({
          linkIndex: l.link_index,
          url: l.url,
          total: toNumber(l.total),
          unique: toNumber(l.uniq),
        })),
      },
      unsubscribes: totals.unsubscribes,
      complaints: totals.complaints,
    },
    channels: [...channels.values()],
    executions: executionRows,
    treatments,
    experiment:
      treatments.length && options.metric !== null
        ? experimentResult(treatments, options.metric ?? 'opens')
        : null,
    series: series.map((s) => ({
      at: s.at.toISOString(),
      sent: toNumber(s.sent),
      opens: toNumber(s.opens),
      clicks: toNumber(s.clicks),
      bounces: toNumber(s.bounces),
    })),
  };
}
