// A composition is a rule whose every condition is membership of another audience: union (or),
// intersection (and) and exclusion (except: the first minus the others), nested. The screen edits
// it as this tree; `ruleOfComposition(compositionOfRule(rule))` gives back `rule` exactly.
import {
  RULE_VERSION,
  type GroupNode,
  type RuleNode,
  type RuleTree,
} from '../../../../src/audiences/model.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { newKey } from '../draft.ts';
import { childPath, ROOT_PATH } from '../problems.ts';

export type CombineOp = GroupNode['op'];
export interface AudienceItem {
  key: string;
  kind: 'audience';
  audienceId: string;
}
export interface Combination {
  key: string;
  kind: 'group';
  op: CombineOp;
  /** For an exclusion, the first is the base and the others are taken away from it. */
  children: CombinationItem[];
}
export type CombinationItem = AudienceItem | Combination;

export const newCombination = (op: CombineOp, children: CombinationItem[] = []): Combination => ({
  key: newKey(),
  kind: 'group',
  op,
  children,
});
export const audienceItem = (audienceId: string): AudienceItem => ({
  key: newKey(),
  kind: 'audience',
  audienceId,
});

function onlyAudiences(node: RuleNode): boolean {
  switch (node.kind) {
    case 'group':
      return node.children.every(onlyAudiences);
    case 'audience':
      return true;
    case 'attribute':
    case 'event':
    case 'consent':
    case 'subscription':
    case 'dataset':
      return false;
  }
}

/** A rule whose top is a group and whose conditions are all audiences. */
export function isComposition(rule: RuleTree): boolean {
  return rule.root.kind === 'group' && onlyAudiences(rule.root);
}

function itemOf(node: RuleNode): CombinationItem | null {
  if (node.kind === 'audience') return audienceItem(node.audienceId);
  if (node.kind !== 'group') return null;
  const children = node.children.map(itemOf);
  if (children.some((child) => child === null)) return null;
  return newCombination(
    node.op,
    children.filter((child) => child !== null),
  );
}

/** The rule as a combination, or null when it has conditions of other kinds. */
export function compositionOfRule(rule: RuleTree): Combination | null {
  const root = itemOf(rule.root);
  return root?.kind === 'group' ? root : null;
}

function nodeOf(item: CombinationItem): RuleNode {
  if (item.kind === 'audience') return { kind: 'audience', audienceId: item.audienceId };
  return { kind: 'group', op: item.op, children: item.children.map(nodeOf) };
}

export function ruleOfComposition(root: Combination): RuleTree {
  return { version: RULE_VERSION, root: nodeOf(root) };
}

/**
 * The combination with `ids` as its audiences (after the base, for an exclusion): the audiences
 * that stay keep their place among the nested combinations, new ones go at the end.
 */
export function withAudiences(group: Combination, ids: readonly string[]): Combination {
  // An exclusion keeps its base, or a place for it when none is chosen yet.
  const base = group.children[0] ?? audienceItem('');
  const fixed = group.op === 'except' ? [base] : [];
  const rest = group.op === 'except' ? group.children.slice(1) : group.children;
  const kept = rest.filter((c) => c.kind === 'group' || ids.includes(c.audienceId));
  const present = new Set(kept.flatMap((c) => (c.kind === 'audience' ? [c.audienceId] : [])));
  const added = ids.filter((id) => !present.has(id)).map(audienceItem);
  return { ...group, children: [...fixed, ...kept, ...added] };
}

/** A nested combination added at the end (after a place for the base, for an empty exclusion). */
export function withNestedCombination(group: Combination, op: CombineOp): Combination {
  const base = group.op === 'except' && group.children.length === 0 ? [audienceItem('')] : [];
  return { ...group, children: [...base, ...group.children, newCombination(op)] };
}

/** The audiences a combination lists itself (after the base, for an exclusion). */
export function audiencesOf(group: Combination): string[] {
  const rest = group.op === 'except' ? group.children.slice(1) : group.children;
  return rest.flatMap((c) => (c.kind === 'audience' ? [c.audienceId] : []));
}

/** What keeps the combination from being saved, keyed by the server's JSON pointers. */
export function compositionProblems(group: Combination, path = ROOT_PATH): FieldErrors {
  const out: FieldErrors = {};
  const [base, ...removed] = group.children;
  if (group.op === 'except') {
    if (!base || (base.kind === 'audience' && !base.audienceId))
      out[`${path}/base`] = 'Choose the audience to start from';
    if (removed.length === 0) out[`${path}/children`] = 'Choose at least one audience to remove';
  } else if (group.children.length === 0) out[`${path}/children`] = 'Choose at least one audience';
  group.children.forEach((child, index) => {
    if (child.kind === 'group')
      Object.assign(out, compositionProblems(child, childPath(path, index)));
  });
  return out;
}
