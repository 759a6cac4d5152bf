// Reports as CSV (SPEC R3): every table of a report as a section, and text made safe for
// spreadsheets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv } from './csv.ts';
import type { CampaignReport } from './model.ts';
import { campaignReport } from './report.ts';
import { reportFixture, type ReportFixture } from './testing/fixture.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(async () => {
  await f.t.close();
});

describe('report as CSV', () => {
  it('writes each table of the report as a section', async () => {
    const report = await campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
      treatmentOrder: ['A', 'B'],
      metric: 'clicks',
      bucket: 'day',
    });
    const csv = reportCsv(report);
    const sections = csv.split('\n\n');
    expect(sections.map((s) => s.split('\n')[0])).toEqual([
      'Totals',
      'Excluded by reason',
      'Bounces by reason',
      'Executions',
      'Channels',
      'Treatments',
      'Experiment (clicks)',
      'Links',
      'Activity per day',
    ]);
    expect(sections[0]).toBe(
      [
        'Totals',
        'metric,value',
        'targeted,9',
        'excluded,3',
        'sent,4',
        'delivered,1',
        'hardBounces,1',
        'softBounces,1',
        'ignoredBounces,1',
        'adminBounces,1',
        'errors,1',
        'pending,1',
        'opens,5',
        'uniqueOpens,3',
        'clicks,5',
        'uniqueClicks,3',
        'unsubscribes,1',
        'complaints,1',
      ].join('\n'),
    );
    expect(sections[1]).toBe(
      'Excluded by reason\nreason,count\nEmailNoAddressFoundInProfile,1\nEmailNoConsent,1\nSuppressed,1',
    );
    expect(sections[2]!.split('\n').slice(1, 3)).toEqual([
      'kind,statusCode,diagnostic,count',
      'admin,5.7.1,blocked by policy,1',
    ]);
    const executions = sections[3]!.split('\n');
    expect(executions[1]).toBe(
      'id,runNo,channel,status,createdAt,startsAt,finishedAt,targeted,excluded,sent,delivered,bounces,errors,pending,opens,uniqueOpens,clicks,uniqueClicks,unsubscribes,complaints',
    );
    expect(executions[2]).toBe(
      `${f.run1},1,email,planned,2026-11-27T09:00:00.000Z,2026-11-27T09:00:00.000Z,,7,3,2,1,2,1,1,4,2,4,2,1,1`,
    );
    expect(executions[3]).toBe(
      `${f.run2},2,email,planned,2026-11-27T13:00:00.000Z,2026-11-27T13:00:00.000Z,,2,0,2,0,2,0,0,1,1,1,1,0,0`,
    );
    expect(sections[5]!.split('\n').slice(2)).toEqual([
      'A,3,0,2,1,1,1,0,4,2,4,2,0,1,1,1',
      'B,3,0,2,0,3,0,1,1,1,1,1,1,0,0.5,0.5',
    ]);
    expect(sections[6]!.split('\n').slice(1, 3)).toEqual([
      'key,sent,conversions,rate,lift,confidence,winner',
      'A,2,2,1,,,',
    ]);
    expect(sections[7]).toBe(
      'Links\nlinkIndex,url,clicks,uniqueClicks\n0,https://shop.example.com/offers?who=a,4,3\n1,https://shop.example.com/help,1,1',
    );
    expect(sections[8]).toBe(
      'Activity per day\nat,sent,opens,clicks,bounces\n2026-11-27T00:00:00.000Z,4,5,5,4\n',
    );
  });

  it('quotes separators and defuses formulas in text', () => {
    const report = {
      ...emptyReport(),
      totals: {
        ...emptyReport().totals,
        bounces: {
          hard: 1,
          soft: 0,
          ignored: 0,
          admin: 0,
          byReason: [
            { kind: 'hard' as const, statusCode: '550', diagnostic: 'no "such", user', count: 1 },
            { kind: 'hard' as const, statusCode: null, diagnostic: '=HYPERLINK("x")', count: 1 },
          ],
        },
      },
    };
    const lines = reportCsv(report).split('\n\n')[2]!.split('\n');
    expect(lines.slice(2, 4)).toEqual([
      'hard,550,"no ""such"", user",1',
      `hard,,"'=HYPERLINK(""x"")",1`,
    ]);
  });
});

function emptyReport(): CampaignReport {
  return {
    campaignId: null,
    executionId: null,
    period: { from: null, to: null, bucket: 'hour' },
    totals: {
      targeted: 0,
      excluded: 0,
      excludedByReason: [],
      sent: 0,
      delivered: 0,
      bounces: { hard: 0, soft: 0, ignored: 0, admin: 0, byReason: [] },
      errors: 0,
      pending: 0,
      opens: { total: 0, unique: 0 },
      clicks: { total: 0, unique: 0, perLink: [] },
      unsubscribes: 0,
      complaints: 0,
    },
    channels: [],
    executions: [],
    treatments: [],
    experiment: null,
    series: [],
  };
}
