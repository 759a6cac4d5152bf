// Contracts of campaign and execution reports (SPEC R1, R3, C7): what was targeted, excluded,
// sent, delivered, bounced, opened and clicked, per execution, channel and treatment, over time.
// Shared with the console: imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { ExperimentMetric } from '../campaigns/model.ts';
import { Timestamp, Uuid } from '../platform/model.ts';
import { ChannelName } from '../profiles/model.ts';

export { ExperimentMetric };
export type ExperimentMetricName = Static<typeof ExperimentMetric>;

const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Number({ minimum: 0, maximum: 1 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const REPORT_BUCKETS = ['hour', 'day'] as const;
export type ReportBucket = (typeof REPORT_BUCKETS)[number];
export const ReportBucketName = Type.Union(REPORT_BUCKETS.map((b) => Type.Literal(b)));

/** The classes a bounce is reported with (complaints are counted on their own). */
export const BOUNCE_CLASSES = ['hard', 'soft', 'ignored', 'admin'] as const;
export type BounceClass = (typeof BOUNCE_CLASSES)[number];
export const BounceClassName = Type.Union(BOUNCE_CLASSES.map((c) => Type.Literal(c)));

export const EXECUTION_STATUSES = ['planned', 'sending', 'completed', 'cancelled'] as const;
export const ExecutionStatusName = Type.Union(EXECUTION_STATUSES.map((s) => Type.Literal(s)));

/** At most this many buckets in a report's time series. */
export const MAX_SERIES_BUCKETS = 5000;

/** Query string of a report: one execution, a period, the series' bucket, the experiment metric. */
export const ReportQuery = Type.Object(
  {
    executionId: Type.Optional(Uuid),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    bucket: Type.Optional(ReportBucketName),
    metric: Type.Optional(ExperimentMetric),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

/**
 * The counts every row of a report has. Messages count once each: `sent` are the messages handed
 * over and not known to have failed (sent or delivered), `pending` the ones still queued, being
 * sent or retried. Unique opens and clicks, unsubscribes, bounces and complaints count messages
 * (a recipient of an execution), so rows add up across executions and treatments.
 */
export const MainCounts = Type.Object({
  targeted: Count,
  excluded: Count,
  sent: Count,
  delivered: Count,
  /** Messages with a hard, soft, ignored or admin bounce (one per class). */
  bounces: Count,
  /** Messages that failed. */
  errors: Count,
  pending: Count,
  opens: Count,
  uniqueOpens: Count,
  clicks: Count,
  uniqueClicks: Count,
  unsubscribes: Count,
  complaints: Count,
});
export type MainCounts = Static<typeof MainCounts>;

export const ExcludedByReason = Type.Object({ reason: Type.String(), count: Count });
export type ExcludedByReason = Static<typeof ExcludedByReason>;

export const BounceReason = Type.Object({
  kind: BounceClassName,
  statusCode: Nullable(Type.String()),
  diagnostic: Type.String(),
  count: Count,
});
export type BounceReason = Static<typeof BounceReason>;

export const LinkClicks = Type.Object({
  /** The link's position in the content (null for clicks recorded without one). */
  linkIndex: Nullable(Type.Integer({ minimum: 0 })),
  /** The URL most clicked under this index (links may be personalized). */
  url: Nullable(Type.String()),
  total: Count,
  unique: Count,
});
export type LinkClicks = Static<typeof LinkClicks>;

export const ReportTotals = Type.Object({
  targeted: Count,
  excluded: Count,
  excludedByReason: Type.Array(ExcludedByReason),
  sent: Count,
  delivered: Count,
  bounces: Type.Object({
    hard: Count,
    soft: Count,
    ignored: Count,
    admin: Count,
    /** The most frequent status codes and diagnostics, most frequent first. */
    byReason: Type.Array(BounceReason),
  }),
  errors: Count,
  pending: Count,
  opens: Type.Object({ total: Count, unique: Count }),
  clicks: Type.Object({ total: Count, unique: Count, perLink: Type.Array(LinkClicks) }),
  unsubscribes: Count,
  complaints: Count,
});
export type ReportTotals = Static<typeof ReportTotals>;

export const ExecutionReportRow = Type.Composite([
  Type.Object({
    id: Uuid,
    runNo: Nullable(Type.Integer()),
    channel: ChannelName,
    status: ExecutionStatusName,
    createdAt: Timestamp,
    startsAt: Timestamp,
    finishedAt: Nullable(Timestamp),
  }),
  MainCounts,
]);
export type ExecutionReportRow = Static<typeof ExecutionReportRow>;

export const ChannelReportRow = Type.Composite([Type.Object({ channel: ChannelName }), MainCounts]);
export type ChannelReportRow = Static<typeof ChannelReportRow>;

export const TreatmentReportRow = Type.Composite([
  Type.Object({ key: Type.String() }),
  MainCounts,
  Type.Object({
    /** Unique opens ÷ sent. */
    openRate: Rate,
    /** Unique clicks ÷ sent. */
    clickRate: Rate,
  }),
]);
export type TreatmentReportRow = Static<typeof TreatmentReportRow>;

export const ExperimentRow = Type.Object({
  key: Type.String(),
  sent: Count,
  conversions: Count,
  rate: Rate,
  /** (rate − control rate) ÷ control rate; null for the control and when its rate is 0. */
  lift: Nullable(Type.Number()),
  /** 1 − p of a two-sided two-proportion z-test against the control; null for the control. */
  confidence: Nullable(Rate),
});
export type ExperimentRow = Static<typeof ExperimentRow>;

export const ExperimentResult = Type.Object({
  metric: ExperimentMetric,
  /** The first row is the control. */
  rows: Type.Array(ExperimentRow),
  /** Significant at 95 %: the best treatment over the control, or the control over all others. */
  winner: Nullable(Type.String()),
});
export type ExperimentResult = Static<typeof ExperimentResult>;

export const SeriesPoint = Type.Object({
  /** Start of the bucket (UTC). */
  at: Timestamp,
  sent: Count,
  opens: Count,
  clicks: Count,
  bounces: Count,
});
export type SeriesPoint = Static<typeof SeriesPoint>;

export const CampaignReport = Type.Object(
  {
    campaignId: Nullable(Uuid),
    /** Set when the report is about one execution. */
    executionId: Nullable(Uuid),
    /**
     * Activity counted in the report, from (inclusive) to (exclusive): messages by when they were
     * sent (else created), tracking events by when they happened, feedback by when it was
     * received (in the series, a message's bounce of a class at its first report); null bounds
     * are open.
     */
    period: Type.Object({
      from: Nullable(Timestamp),
      to: Nullable(Timestamp),
      bucket: ReportBucketName,
    }),
    totals: ReportTotals,
    channels: Type.Array(ChannelReportRow),
    executions: Type.Array(ExecutionReportRow),
    /** Per content variant or experiment treatment; empty when the campaign has none. */
    treatments: Type.Array(TreatmentReportRow),
    experiment: Nullable(ExperimentResult),
    /** Every bucket from the period's start to its end, empty ones as zeros. */
    series: Type.Array(SeriesPoint),
  },
  { description: 'Campaign or execution report' },
);
export type CampaignReport = Static<typeof CampaignReport>;
