// The feedback webhook's REST calls: settings (a missing webhook is null), test event, the log.
import {
  FeedbackWebhook,
  TestResult,
  WebhookEvent,
  type FeedbackWebhookInput,
  type WebhookEventStatus,
} from '../../../src/webhooks/model.ts';
import { Page } from '../../../src/platform/model.ts';
import { ApiError, apiRequest } from '../api/client.ts';

export type {
  FeedbackWebhook,
  FeedbackWebhookInput,
  TestResult,
  WebhookEvent,
  WebhookEventStatus,
} from '../../../src/webhooks/model.ts';

const PAGE_SIZE = 25;
const EventPage = Page(WebhookEvent);

export async function getFeedbackWebhook(): Promise<FeedbackWebhook | null> {
  try {
    return await apiRequest('/feedback-webhook', { schema: FeedbackWebhook });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'FEEDBACK_WEBHOOK_NOT_FOUND') return null;
    throw error;
  }
}
export function saveFeedbackWebhook(body: FeedbackWebhookInput) {
  return apiRequest('/feedback-webhook', { method: 'PUT', body, schema: FeedbackWebhook });
}
export function deleteFeedbackWebhook() {
  return apiRequest('/feedback-webhook', { method: 'DELETE' });
}
export function sendTestEvent() {
  return apiRequest('/feedback-webhook/test', { method: 'POST', schema: TestResult });
}

export interface EventFilters {
  status: WebhookEventStatus | null;
  requestId: string;
}
export function listWebhookEvents(filters: EventFilters, cursor: string | undefined) {
  return apiRequest('/feedback-webhook/events', {
    query: { ...filters, limit: PAGE_SIZE, cursor },
    schema: EventPage,
  });
}
