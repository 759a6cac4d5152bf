// Words for the rule tree's codes, shared by the builder's selects and the readable summary.
import type {
  Aggregate,
  AttributeType,
  Comparison,
  ConsentCondition,
  Operator,
} from '../../../src/audiences/model.ts';
import type { ConditionKind, GroupOp } from './draft.ts';

export const OPERATOR_LABELS: Record<Operator, string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  in: 'is one of',
  notIn: 'is none of',
  startsWith: 'starts with',
  contains: 'contains',
  like: 'matches pattern',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  between: 'between',
  isTrue: 'is true',
  isFalse: 'is false',
  on: 'on',
  before: 'before',
  after: 'after',
  inLastDays: 'in the last … days',
  beforeDaysAgo: 'more than … days ago',
  inNextDays: 'in the next … days',
  today: 'today',
  thisMonth: 'this month',
};

export const TYPE_LABELS: Record<AttributeType, string> = {
  string: 'Text',
  number: 'Number',
  boolean: 'True / false',
  date: 'Date',
};

export const COMPARISON_LABELS: Record<Comparison, string> = {
  gte: 'at least',
  gt: 'more than',
  eq: 'exactly',
  lte: 'at most',
  lt: 'less than',
};
export const COMPARISON_SYMBOLS: Record<Comparison, string> = {
  gte: '≥',
  gt: '>',
  eq: '=',
  lte: '≤',
  lt: '<',
};

export const FN_LABELS: Record<Aggregate['fn'], string> = {
  sum: 'Sum',
  avg: 'Average',
  min: 'Minimum',
  max: 'Maximum',
};

export const KIND_LABELS: Record<ConditionKind, string> = {
  attribute: 'Attribute',
  event: 'Event',
  consent: 'Consent',
  subscription: 'Subscription list',
  dataset: 'Dataset',
  audience: 'Audience',
};

export const GROUP_LABELS: Record<GroupOp, { short: string; summary: string; help: string }> = {
  and: { short: 'AND', summary: 'All of:', help: 'Profiles that match every condition below.' },
  or: { short: 'OR', summary: 'Any of:', help: 'Profiles that match at least one condition.' },
  except: {
    short: 'EXCEPT',
    summary: 'The first, except any of the others:',
    help: 'Profiles of the first condition, minus those of any of the others.',
  },
};

export const CHANNEL_LABELS: Record<ConsentCondition['channel'], string> = {
  email: 'Email',
  sms: 'SMS',
  push: 'Push',
};
export const STATUS_LABELS: Record<ConsentCondition['status'], string> = {
  y: 'Opted in (y)',
  n: 'Opted out (n)',
  unknown: 'Unknown',
};

export const EVENT_SUGGESTIONS = ['purchase', 'cart.abandoned'];

export const options = <T extends string>(labels: Record<T, string>, only?: readonly T[]) =>
  (only ?? (Object.keys(labels) as T[])).map((value) => ({ value, label: labels[value] }));
