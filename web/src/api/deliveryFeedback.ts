// Bounces, complaints and provider callbacks as recorded (the feedback log).
import {
  FeedbackEntry,
  type FeedbackKindName,
  type FeedbackSourceName,
} from '../../../src/delivery/feedback/list-model.ts';
import { Page } from '../../../src/platform/model.ts';
import type { Channel } from '../../../src/profiles/model.ts';
import { apiRequest } from './client.ts';

export {
  FEEDBACK_KIND_NAMES,
  FEEDBACK_SOURCE_NAMES,
  type FeedbackEntry,
  type FeedbackKindName,
  type FeedbackSourceName,
} from '../../../src/delivery/feedback/list-model.ts';

const PAGE_SIZE = 50;
const FeedbackPage = Page(FeedbackEntry);

export interface FeedbackFilters {
  channel: Channel | null;
  kind: FeedbackKindName | null;
  source: FeedbackSourceName | null;
  addressStartsWith: string;
  /** ISO-8601; received at or after. */
  from?: string | undefined;
  /** ISO-8601; received before. */
  to?: string | undefined;
}

export function listFeedback(filters: FeedbackFilters, cursor: string | undefined) {
  return apiRequest('/delivery-feedback', {
    query: { ...filters, limit: PAGE_SIZE, cursor },
    schema: FeedbackPage,
  });
}
