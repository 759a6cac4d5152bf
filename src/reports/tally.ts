// Adding grouped counts to report rows: which message statuses, tracking kinds and feedback kinds
// make which of the main counts.
import { assertNever } from '../platform/assert.ts';
import type { MessageStatus } from '../delivery/model.ts';
import type { BounceClass, MainCounts } from './model.ts';

export function emptyCounts(): MainCounts {
  return {
    targeted: 0,
    excluded: 0,
    sent: 0,
    delivered: 0,
    bounces: 0,
    errors: 0,
    pending: 0,
    opens: 0,
    uniqueOpens: 0,
    clicks: 0,
    uniqueClicks: 0,
    unsubscribes: 0,
    complaints: 0,
  };
}

const COUNT_KEYS = Object.keys(emptyCounts()) as (keyof MainCounts)[];

export function addCounts(into: MainCounts, counts: MainCounts): void {
  for (const key of COUNT_KEYS) into[key] += counts[key];
}

/** `n` messages of this status. */
export function tallyMessage(row: MainCounts, status: MessageStatus, n: number): void {
  row.targeted += n;
  switch (status) {
    case 'excluded':
      row.excluded += n;
      return;
    case 'sent':
      row.sent += n;
      return;
    case 'delivered':
      row.sent += n;
      row.delivered += n;
      return;
    case 'failed':
      row.errors += n;
      return;
    case 'queued':
    case 'sending':
    case 'retrying':
      row.pending += n;
      return;
    default:
      assertNever(status);
  }
}

/** `total` events of this kind, touching `unique` messages. */
export function tallyTracking(
  row: MainCounts,
  kind: 'open' | 'click' | 'unsubscribe',
  total: number,
  unique: number,
): void {
  switch (kind) {
    case 'open':
      row.opens += total;
      row.uniqueOpens += unique;
      return;
    case 'click':
      row.clicks += total;
      row.uniqueClicks += unique;
      return;
    case 'unsubscribe':
      row.unsubscribes += unique;
      return;
    default:
      assertNever(kind);
  }
}

/** `n` messages with feedback of this kind. */
export function tallyFeedback(row: MainCounts, kind: BounceClass | 'complaint', n: number): void {
  switch (kind) {
    case 'hard':
    case 'soft':
    case 'ignored':
    case 'admin':
      row.bounces += n;
      return;
    case 'complaint':
      row.complaints += n;
      return;
    default:
      assertNever(kind);
  }
}
