// How the kinds and sources of bounces and complaints are named on screen.
import type { FeedbackKindName, FeedbackSourceName } from '../api/deliveryFeedback.ts';

export const FEEDBACK_KIND_LOOK: Record<FeedbackKindName, { label: string; color: string }> = {
  hard: { label: 'Hard bounce', color: 'red' },
  soft: { label: 'Soft bounce', color: 'orange' },
  complaint: { label: 'Complaint', color: 'grape' },
  admin: { label: 'Policy block', color: 'yellow' },
  ignored: { label: 'Ignored', color: 'gray' },
};

export const FEEDBACK_SOURCE_LABELS: Record<FeedbackSourceName, string> = {
  dsn: 'Bounce report',
  arf: 'Complaint report',
  send: 'Provider at send time',
  callback: 'Provider callback',
};
