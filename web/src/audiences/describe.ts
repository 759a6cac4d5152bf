// A rule in words, as nested items: "All of: loyalty.tier equals gold; Consent email = y; …".
import type {
  Aggregate,
  AttributeCondition,
  FieldFilter,
  RuleNode,
} from '../../../src/audiences/model.ts';
import { LIST_OPERATORS, NEEDS_DAYS, NEEDS_VALUE } from './draft.ts';
import { COMPARISON_LABELS, GROUP_LABELS, OPERATOR_LABELS } from './labels.ts';

export interface SummaryItem {
  text: string;
  children?: SummaryItem[];
}

export interface Names {
  audiences: ReadonlyMap<string, string>;
  lists: ReadonlyMap<string, string>;
}

type Comparable = Omit<AttributeCondition, 'kind' | 'path'>;

const DAY_PHRASES: Partial<Record<Comparable['operator'], (days: number) => string>> = {
  inLastDays: (d) => `in the last ${d} days`,
  beforeDaysAgo: (d) => `more than ${d} days ago`,
  inNextDays: (d) => `in the next ${d} days`,
};

function comparableText(c: Comparable): string {
  let text: string;
  const days = DAY_PHRASES[c.operator];
  if (NEEDS_DAYS.has(c.operator) && days) text = days(c.days ?? 0);
  else if (c.operator === 'between')
    text = `between ${String(c.value ?? '?')} and ${String(c.to ?? '?')}`;
  else if (LIST_OPERATORS.has(c.operator))
    text = `${OPERATOR_LABELS[c.operator]} ${(c.values ?? []).map(String).join(', ')}`;
  else if (NEEDS_VALUE.has(c.operator))
    text = `${OPERATOR_LABELS[c.operator]} ${String(c.value ?? '?')}`;
  else text = OPERATOR_LABELS[c.operator];
  return c.timezone ? `${text} (${c.timezone})` : text;
}

const filtersText = (where: FieldFilter[] | undefined) =>
  where?.length
    ? ` where ${where.map((f) => `${f.field} ${comparableText(f)}`).join(' and ')}`
    : '';
const aggregateText = (a: Aggregate | undefined) =>
  a ? `, ${a.fn} of ${a.field} ${COMPARISON_LABELS[a.comparison]} ${a.value}` : '';
const countText = (
  count: { comparison: keyof typeof COMPARISON_LABELS; value: number },
  unit: string,
) => ` ${COMPARISON_LABELS[count.comparison]} ${count.value} ${unit}`;

export function conditionText(node: Exclude<RuleNode, { kind: 'group' }>, names: Names): string {
  switch (node.kind) {
    case 'attribute':
      return `${node.path} ${comparableText(node)}`;
    case 'event': {
      const count = node.count
        ? countText(node.count, node.count.value === 1 ? 'time' : 'times')
        : node.aggregate
          ? ''
          : ' at least once';
      const window = !node.window
        ? ''
        : 'lastDays' in node.window
          ? ` in the last ${node.window.lastDays} days`
          : `${node.window.from ? ` from ${node.window.from.slice(0, 10)}` : ''}${node.window.to ? ` before ${node.window.to.slice(0, 10)}` : ''}`;
      return `Event ${node.type}${count}${window}${filtersText(node.where)}${aggregateText(node.aggregate)}`;
    }
    case 'consent':
      return `Consent ${node.channel} = ${node.status}`;
    case 'subscription':
      return `Subscribed to list ${names.lists.get(node.listId) ?? node.listId}`;
    case 'dataset': {
      const count = node.count ? ` (${countText(node.count, 'rows').trim()})` : '';
      return `Has ${node.exists ? 'a' : 'no'} row in ${node.dataset}${filtersText(node.where)}${count}${aggregateText(node.aggregate)}`;
    }
    case 'audience':
      return `Member of audience ${names.audiences.get(node.audienceId) ?? node.audienceId}`;
  }
}

export function summaryOf(node: RuleNode, names: Names): SummaryItem {
  if (node.kind === 'group')
    return {
      text: GROUP_LABELS[node.op].summary,
      children: node.children.map((child) => summaryOf(child, names)),
    };
  return { text: conditionText(node, names) };
}
