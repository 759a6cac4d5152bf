// What the Targeting editors share: the drafts behind them (the profile rule as the builder's group
// of cards, the column filters as filter drafts), kept here so the cards keep their keys while the
// definition follows, each change writing the Targeting back without what is empty; and the card
// of the rule a row's profile must match.
import { Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { RuleTree } from '../../../../src/audiences/model.ts';
import type { Targeting } from '../../../../src/orchestration/model.ts';
import { draftOfRule, filterDraftOf, filterOf, ruleOfDraft } from '../../audiences/convert.ts';
import {
  emptyDraft,
  isGroupDraft,
  newGroup,
  type FilterDraft,
  type GroupDraft,
} from '../../audiences/draft.ts';
import { ROOT_PATH, ruleContext, ruleProblems } from '../../audiences/problems.ts';
import { GroupCard, type BuilderEnv } from '../../audiences/RuleTreeEditor.tsx';
import type { BuilderData } from '../../audiences/useBuilderData.ts';
import { without } from './env.ts';

function groupOf(rule: RuleTree | undefined): GroupDraft {
  if (!rule) return emptyDraft();
  const root = draftOfRule(rule);
  return isGroupDraft(root) ? root : newGroup('and', [root]);
}

/** An empty top group means "no rule": every row. */
function ruleOf(group: GroupDraft): RuleTree | undefined {
  return group.children.length === 0 ? undefined : ruleOfDraft(group);
}

export function useTargetingDrafts(
  targeting: Targeting,
  onChange: (targeting: Targeting) => void,
  data: BuilderData,
) {
  // The model's Targeting types the recursive rule root loosely; it is the audience RuleTree.
  const [group, setGroup] = useState(() => groupOf(targeting.rule as RuleTree | undefined));
  const [filters, setFilters] = useState<FilterDraft[]>(() =>
    (targeting.where ?? []).map(filterDraftOf),
  );
  const context = useMemo(() => {
    const { datasets, audiences, lists } = data;
    const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);
    return ruleContext({ datasets, audiences: ids(audiences), subscriptionLists: ids(lists) });
  }, [data]);
  const rule = ruleOf(group);
  const errors = useMemo(() => (rule ? ruleProblems(rule, context) : {}), [rule, context]);
  /** What the rule builder's cards read: the lists to pick from and the rule's problems. */
  const builderEnv: BuilderEnv = { ...data, selfId: undefined, errors };

  const changeRule = (next: GroupDraft) => {
    setGroup(next);
    const nextRule = ruleOf(next);
    const rest = without(targeting, 'rule');
    onChange(nextRule ? { ...rest, rule: nextRule } : rest);
  };
  const changeFilters = (next: FilterDraft[]) => {
    setFilters(next);
    const rest = without(targeting, 'where');
    onChange(next.length > 0 ? { ...rest, where: next.map(filterOf) } : rest);
  };
  return { group, filters, builderEnv, changeRule, changeFilters };
}

/** The rule on the row's profile (or the profiles themselves); no condition: every one. */
export function ProfileRule({
  title,
  every,
  drafts,
}: {
  title: string;
  /** What no condition selects: "row", "profile". */
  every: string;
  drafts: Pick<ReturnType<typeof useTargetingDrafts>, 'group' | 'builderEnv' | 'changeRule'>;
}) {
  const { group, builderEnv, changeRule } = drafts;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {title}
      </Text>
      <Text size="xs" c="dimmed">
        No condition: every {every}.
      </Text>
      <GroupCard group={group} path={ROOT_PATH} number="" env={builderEnv} onChange={changeRule} />
    </Stack>
  );
}
