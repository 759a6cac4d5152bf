// Which rows of an incoming population: filters on its columns, suggested from what the
// definition says arrives, and a rule the row's profile must match (profile attributes are not
// columns: the rule reads them). Drafts live here so the cards keep their keys while the
// definition follows.
import { Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { RuleTree } from '../../../../src/audiences/model.ts';
import {
  filterableColumns,
  type PopulationColumns,
} from '../../../../src/orchestration/columns.ts';
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
import { ColumnFilterList } from './ColumnFilterList.tsx';
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

export function PopulationTargeting({
  population,
  targeting,
  onChange,
  data,
}: {
  /** What arrives; null when nothing is connected yet. */
  population: PopulationColumns | null;
  targeting: Targeting;
  onChange: (targeting: Targeting) => void;
  data: BuilderData;
}) {
  // The model's Targeting types the recursive rule root loosely; it is the audience RuleTree.
  const [group, setGroup] = useState(() => groupOf(targeting.rule as RuleTree | undefined));
  const [filters, setFilters] = useState<FilterDraft[]>(() =>
    (targeting.where ?? []).map(filterDraftOf),
  );
  const context = useMemo(
    () =>
      ruleContext({
        datasets: data.datasets,
        audiences: data.audiences.map((a) => a.id),
        subscriptionLists: data.lists.map((l) => l.id),
      }),
    [data],
  );
  const rule = ruleOf(group);
  const errors = useMemo(() => (rule ? ruleProblems(rule, context) : {}), [rule, context]);
  const env: BuilderEnv = { ...data, selfId: undefined, errors };
  const columns = population ? filterableColumns(population) : [];
  // Rows of a file reach no profile until they are reconciled.
  const linkedToNothing = population?.dimension?.kind === 'file';

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

  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Rows whose columns match
        </Text>
        <ColumnFilterList filters={filters} columns={columns} onChange={changeFilters} />
      </Stack>
      {!linkedToNothing && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Whose profile matches
          </Text>
          <Text size="xs" c="dimmed">
            No condition: every row.
          </Text>
          <GroupCard group={group} path={ROOT_PATH} number="" env={env} onChange={changeRule} />
        </Stack>
      )}
    </Stack>
  );
}
