// A report as CSV (SPEC R3): one section per table — totals, exclusions by reason, bounce
// reasons, executions, channels, treatments, the experiment, links and the time series — each a
// title line, a header and its rows, sections apart by an empty line.
import { spreadsheetCell } from '../platform/csv.ts';
import type { CampaignReport, MainCounts } from './model.ts';

type Cell = string | number | null;

const line = (cells: Cell[]) => cells.map(spreadsheetCell).join(',') + '\n';

function section(title: string, header: string[], rows: Cell[][]): string {
  return line([title]) + line(header) + rows.map(line).join('');
}

const MAIN_COLUMNS: (keyof MainCounts)[] = [
  'targeted',
  'excluded',
  'sent',
  'delivered',
  'bounces',
  'errors',
  'pending',
  'opens',
  'uniqueOpens',
  'clicks',
  'uniqueClicks',
  'unsubscribes',
  'complaints',
];
const mainCells = (counts: MainCounts): Cell[] => MAIN_COLUMNS.map((key) => counts[key]);

export function reportCsv(report: CampaignReport): string {
  const t = report.totals;
  const sections = [
    section(
      'Totals',
      ['metric', 'value'],
      [
        ['targeted', t.targeted],
        ['excluded', t.excluded],
        ['sent', t.sent],
        ['delivered', t.delivered],
        ['hardBounces', t.bounces.hard],
        ['softBounces', t.bounces.soft],
        ['ignoredBounces', t.bounces.ignored],
        ['adminBounces', t.bounces.admin],
        ['errors', t.errors],
        ['pending', t.pending],
        ['opens', t.opens.total],
        ['uniqueOpens', t.opens.unique],
        ['clicks', t.clicks.total],
        ['uniqueClicks', t.clicks.unique],
        ['unsubscribes', t.unsubscribes],
        ['complaints', t.complaints],
      ],
    ),
    section(
      'Excluded by reason',
      ['reason', 'count'],
      t.excludedByReason.map((r) => [r.reason, r.count]),
    ),
    section(
      'Bounces by reason',
      ['kind', 'statusCode', 'diagnostic', 'count'],
      t.bounces.byReason.map((r) => [r.kind, r.statusCode, r.diagnostic, r.count]),
    ),
    section(
      'Executions',
      ['id', 'runNo', 'channel', 'status', 'createdAt', 'startsAt', 'finishedAt', ...MAIN_COLUMNS],
      report.executions.map((e) => [
        e.id,
        e.runNo,
        e.channel,
        e.status,
        e.createdAt,
        e.startsAt,
        e.finishedAt,
        ...mainCells(e),
      ]),
    ),
    section(
      'Channels',
      ['channel', ...MAIN_COLUMNS],
      report.channels.map((c) => [c.channel, ...mainCells(c)]),
    ),
    section(
      'Treatments',
      ['key', ...MAIN_COLUMNS, 'openRate', 'clickRate'],
      report.treatments.map((r) => [r.key, ...mainCells(r), r.openRate, r.clickRate]),
    ),
  ];
  const experiment = report.experiment;
  if (experiment)
    sections.push(
      section(
        `Experiment (${experiment.metric})`,
        ['key', 'sent', 'conversions', 'rate', 'lift', 'confidence', 'winner'],
        experiment.rows.map((r) => [
          r.key,
          r.sent,
          r.conversions,
          r.rate,
          r.lift,
          r.confidence,
          r.key === experiment.winner ? 'yes' : '',
        ]),
      ),
    );
  sections.push(
    section(
      'Links',
      ['linkIndex', 'url', 'clicks', 'uniqueClicks'],
      t.clicks.perLink.map((l) => [l.linkIndex, l.url, l.total, l.unique]),
    ),
    section(
      `Activity per ${report.period.bucket}`,
      ['at', 'sent', 'opens', 'clicks', 'bounces'],
      report.series.map((s) => [s.at, s.sent, s.opens, s.clicks, s.bounces]),
    ),
  );
  return sections.join('\n');
}
