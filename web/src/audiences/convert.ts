// Between the stored rule tree and the builder's draft, both ways. Only the fields an operator
// uses go into the rule; unfinished values are passed on as typed so the checks can name them.
import {
  RULE_VERSION,
  type Aggregate,
  type AttributeCondition,
  type FieldFilter,
  type RuleNode,
  type RuleTree,
  type TimeWindow,
} from '../../../src/audiences/model.ts';
import {
  DATE_PRESETS,
  LIST_OPERATORS,
  NEEDS_DAYS,
  NEEDS_VALUE,
  newKey,
  type AggregateDraft,
  type ComparableDraft,
  type CountDraft,
  type FilterDraft,
  type NodeDraft,
  type WindowDraft,
} from './draft.ts';

type Scalar = string | number | boolean;
type ComparableFields = Omit<AttributeCondition, 'kind' | 'path'>;

/** Text as a value of its type; numbers that do not parse stay text for the checks to report. */
function scalarOf(type: ComparableDraft['type'], text: string): Scalar | undefined {
  if (text === '') return undefined;
  if (type !== 'number') return text;
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** Whole numbers from text; empty text is NaN, which the schema check reports. */
function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim());
}

function comparableOf(d: ComparableDraft): ComparableFields {
  const out: ComparableFields = { type: d.type, operator: d.operator };
  if (NEEDS_VALUE.has(d.operator)) {
    const value = scalarOf(d.type, d.value);
    if (value !== undefined) out.value = value;
  }
  if (d.operator === 'between') {
    const to = scalarOf(d.type, d.to);
    if (to !== undefined) out.to = to;
  }
  if (LIST_OPERATORS.has(d.operator))
    out.values = d.values.flatMap((v) => {
      const value = scalarOf(d.type, v);
      return value === undefined ? [] : [value];
    });
  if (NEEDS_DAYS.has(d.operator) && d.days.trim() !== '') out.days = numberOf(d.days);
  if (DATE_PRESETS.has(d.operator) && d.timezone) out.timezone = d.timezone;
  return out;
}

export const filterOf = (f: FilterDraft): FieldFilter => ({
  field: f.field.trim(),
  ...comparableOf(f),
});
const countOf = (c: CountDraft) => ({ comparison: c.comparison, value: numberOf(c.value) });
const aggregateOf = (a: AggregateDraft): Aggregate => ({
  fn: a.fn,
  field: a.field.trim(),
  comparison: a.comparison,
  value: numberOf(a.value),
});

function windowOf(w: WindowDraft): TimeWindow | undefined {
  if (w.mode === 'lastDays') return { lastDays: numberOf(w.lastDays) };
  if (w.mode === 'range')
    return { ...(w.from ? { from: w.from } : {}), ...(w.to ? { to: w.to } : {}) };
  return undefined;
}

export function nodeOfDraft(node: NodeDraft): RuleNode {
  switch (node.kind) {
    case 'group':
      return { kind: 'group', op: node.op, children: node.children.map(nodeOfDraft) };
    case 'attribute':
      return { kind: 'attribute', path: node.path.trim(), ...comparableOf(node) };
    case 'event': {
      const window = windowOf(node.window);
      return {
        kind: 'event',
        type: node.type.trim(),
        ...(node.count && { count: countOf(node.count) }),
        ...(window && { window }),
        ...(node.where.length > 0 && { where: node.where.map(filterOf) }),
        ...(node.aggregate && { aggregate: aggregateOf(node.aggregate) }),
      };
    }
    case 'consent':
      return { kind: 'consent', channel: node.channel, status: node.status };
    case 'subscription':
      return { kind: 'subscription', listId: node.listId };
    case 'dataset':
      return {
        kind: 'dataset',
        dataset: node.dataset,
        exists: node.exists,
        ...(node.where.length > 0 && { where: node.where.map(filterOf) }),
        ...(node.count && { count: countOf(node.count) }),
        ...(node.aggregate && { aggregate: aggregateOf(node.aggregate) }),
      };
    case 'audience':
      return { kind: 'audience', audienceId: node.audienceId };
  }
}

export function ruleOfDraft(root: NodeDraft): RuleTree {
  return { version: RULE_VERSION, root: nodeOfDraft(root) };
}

const text = (value: Scalar | undefined): string => (value === undefined ? '' : String(value));

function comparableDraftOf(c: ComparableFields): ComparableDraft {
  return {
    type: c.type,
    operator: c.operator,
    value: text(c.value),
    to: text(c.to),
    values: (c.values ?? []).map((v) => String(v)),
    days: c.days === undefined ? '' : String(c.days),
    timezone: c.timezone ?? '',
  };
}

export const filterDraftOf = (f: FieldFilter): FilterDraft => ({
  key: newKey(),
  field: f.field,
  ...comparableDraftOf(f),
});
const countDraftOf = (c: { comparison: CountDraft['comparison']; value: number }): CountDraft => ({
  comparison: c.comparison,
  value: String(c.value),
});
const aggregateDraftOf = (a: Aggregate): AggregateDraft => ({ ...a, value: String(a.value) });

function windowDraftOf(w: TimeWindow | undefined): WindowDraft {
  if (!w) return { mode: 'any', lastDays: '30', from: '', to: '' };
  if ('lastDays' in w) return { mode: 'lastDays', lastDays: String(w.lastDays), from: '', to: '' };
  return { mode: 'range', lastDays: '30', from: w.from ?? '', to: w.to ?? '' };
}

export function draftOfNode(node: RuleNode): NodeDraft {
  const key = newKey();
  switch (node.kind) {
    case 'group':
      return { key, kind: 'group', op: node.op, children: node.children.map(draftOfNode) };
    case 'attribute':
      return { key, kind: 'attribute', path: node.path, ...comparableDraftOf(node) };
    case 'event':
      return {
        key,
        kind: 'event',
        type: node.type,
        count: node.count ? countDraftOf(node.count) : null,
        window: windowDraftOf(node.window),
        where: (node.where ?? []).map(filterDraftOf),
        aggregate: node.aggregate ? aggregateDraftOf(node.aggregate) : null,
      };
    case 'consent':
      return { key, kind: 'consent', channel: node.channel, status: node.status };
    case 'subscription':
      return { key, kind: 'subscription', listId: node.listId };
    case 'dataset':
      return {
        key,
        kind: 'dataset',
        dataset: node.dataset,
        exists: node.exists,
        where: (node.where ?? []).map(filterDraftOf),
        count: node.count ? countDraftOf(node.count) : null,
        aggregate: node.aggregate ? aggregateDraftOf(node.aggregate) : null,
      };
    case 'audience':
      return { key, kind: 'audience', audienceId: node.audienceId };
  }
}

export function draftOfRule(rule: RuleTree): NodeDraft {
  return draftOfNode(rule.root);
}
