// The rule builder's working copy of a rule tree. Every node carries a key for React, and typed
// values stay as the text people typed until they become a rule, so half-typed numbers survive.
// `ruleOfDraft(draftOfRule(rule))` gives back `rule` (e2e/rule-builder.test.ts checks it).
import {
  OPERATORS_BY_TYPE,
  type Aggregate,
  type AttributeType,
  type Comparison,
  type ConsentCondition,
  type GroupNode,
  type Operator,
} from '../../../src/audiences/model.ts';

export interface ComparableDraft {
  type: AttributeType;
  operator: Operator;
  value: string;
  to: string;
  values: string[];
  days: string;
  /** '' when absent: the server then uses UTC. */
  timezone: string;
}
export interface FilterDraft extends ComparableDraft {
  key: string;
  field: string;
}
export interface CountDraft {
  comparison: Comparison;
  value: string;
}
export interface AggregateDraft {
  fn: Aggregate['fn'];
  field: string;
  comparison: Comparison;
  value: string;
}
export interface WindowDraft {
  mode: 'any' | 'lastDays' | 'range';
  lastDays: string;
  /** ISO timestamps as stored; the builder edits their date part. */
  from: string;
  to: string;
}

export type GroupOp = GroupNode['op'];
export interface GroupDraft {
  key: string;
  kind: 'group';
  op: GroupOp;
  children: NodeDraft[];
}
export interface AttributeDraft extends ComparableDraft {
  key: string;
  kind: 'attribute';
  path: string;
}
export interface EventDraft {
  key: string;
  kind: 'event';
  type: string;
  /** null: "at least once", the server's default, kept apart so rules round-trip exactly. */
  count: CountDraft | null;
  window: WindowDraft;
  where: FilterDraft[];
  aggregate: AggregateDraft | null;
}
export interface ConsentDraft {
  key: string;
  kind: 'consent';
  channel: ConsentCondition['channel'];
  status: ConsentCondition['status'];
}
export interface SubscriptionDraft {
  key: string;
  kind: 'subscription';
  listId: string;
}
export interface DatasetDraft {
  key: string;
  kind: 'dataset';
  dataset: string;
  exists: boolean;
  where: FilterDraft[];
  count: CountDraft | null;
  aggregate: AggregateDraft | null;
}
export interface AudienceRefDraft {
  key: string;
  kind: 'audience';
  audienceId: string;
}
export type ConditionDraft =
  AttributeDraft | EventDraft | ConsentDraft | SubscriptionDraft | DatasetDraft | AudienceRefDraft;
export type NodeDraft = GroupDraft | ConditionDraft;
export type ConditionKind = ConditionDraft['kind'];

let lastKey = 0;
export const newKey = (): string => `n${++lastKey}`;

export const NEEDS_VALUE: ReadonlySet<Operator> = new Set<Operator>([
  'equals',
  'notEquals',
  'gt',
  'gte',
  'lt',
  'lte',
  'startsWith',
  'contains',
  'like',
  'on',
  'before',
  'after',
  'between',
]);
export const NEEDS_DAYS: ReadonlySet<Operator> = new Set<Operator>([
  'inLastDays',
  'beforeDaysAgo',
  'inNextDays',
]);
/** Date operators relative to today, which depends on a time zone. */
export const DATE_PRESETS: ReadonlySet<Operator> = new Set<Operator>([
  'today',
  'thisMonth',
  'inLastDays',
  'beforeDaysAgo',
  'inNextDays',
]);
export const LIST_OPERATORS: ReadonlySet<Operator> = new Set<Operator>(['in', 'notIn']);

export function operatorsOf(type: AttributeType): readonly Operator[] {
  return OPERATORS_BY_TYPE[type];
}

export function emptyComparable(type: AttributeType = 'string'): ComparableDraft {
  const operator = operatorsOf(type)[0] ?? 'isNotEmpty';
  return { type, operator, value: '', to: '', values: [], days: '', timezone: '' };
}

/** A comparison moved to another type: the operator stays when it still applies. */
export function withType<T extends ComparableDraft>(draft: T, type: AttributeType): T {
  if (draft.type === type) return draft;
  const keeps = operatorsOf(type).includes(draft.operator);
  return {
    ...draft,
    type,
    operator: keeps ? draft.operator : (operatorsOf(type)[0] ?? draft.operator),
    value: '',
    to: '',
    values: [],
  };
}

export function newFilter(type: AttributeType = 'string', field = ''): FilterDraft {
  return { key: newKey(), field, ...emptyComparable(type) };
}

export const newGroup = (op: GroupOp = 'and', children: NodeDraft[] = []): GroupDraft => ({
  key: newKey(),
  kind: 'group',
  op,
  children,
});

export function newCondition(kind: ConditionKind): ConditionDraft {
  const key = newKey();
  switch (kind) {
    case 'attribute':
      return { key, kind, path: '', ...emptyComparable() };
    case 'event':
      return {
        key,
        kind,
        type: '',
        count: null,
        window: { mode: 'any', lastDays: '30', from: '', to: '' },
        where: [],
        aggregate: null,
      };
    case 'consent':
      return { key, kind, channel: 'email', status: 'y' };
    case 'subscription':
      return { key, kind, listId: '' };
    case 'dataset':
      return { key, kind, dataset: '', exists: true, where: [], count: null, aggregate: null };
    case 'audience':
      return { key, kind, audienceId: '' };
  }
}

/** An empty rule: one "all of" group, waiting for its first condition. */
export function emptyDraft(): GroupDraft {
  return newGroup('and');
}

export function isGroupDraft(node: NodeDraft): node is GroupDraft {
  return node.kind === 'group';
}
