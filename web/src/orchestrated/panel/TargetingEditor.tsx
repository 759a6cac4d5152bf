// Which rows of a dimension: for profiles the audience rule builder; for a dataset filters on its
// own columns and, optionally, a rule its linked profile must match; for a file, filters on the
// file's columns. Drafts live here so the builder keeps its cards while the definition follows.
import { Select, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { RuleTree } from '../../../../src/audiences/model.ts';
import type { Dimension, Targeting } from '../../../../src/orchestration/model.ts';
import { columnTypeOf } from '../../audiences/DatasetEditor.tsx';
import { draftOfRule, filterDraftOf, filterOf, ruleOfDraft } from '../../audiences/convert.ts';
import {
  emptyDraft,
  isGroupDraft,
  newGroup,
  type FilterDraft,
  type GroupDraft,
} from '../../audiences/draft.ts';
import { FilterList, type TypedColumn } from '../../audiences/FilterList.tsx';
import { ROOT_PATH, ruleContext, ruleProblems } from '../../audiences/problems.ts';
import { GroupCard, type BuilderEnv } from '../../audiences/RuleTreeEditor.tsx';
import type { BuilderData } from '../../audiences/useBuilderData.ts';
import { without } from './env.ts';

function groupOf(rule: RuleTree | undefined): GroupDraft {
  if (!rule) return emptyDraft();
  const root = draftOfRule(rule);
  return isGroupDraft(root) ? root : newGroup('and', [root]);
}

/** An empty top group means "no rule": every row of the dimension. */
function ruleOf(group: GroupDraft): RuleTree | undefined {
  return group.children.length === 0 ? undefined : ruleOfDraft(group);
}

export function DimensionSelect({
  label,
  value,
  onChange,
  data,
  allowFile,
}: {
  label: string;
  value: Dimension;
  onChange: (dimension: Dimension) => void;
  data: BuilderData;
  allowFile?: boolean;
}) {
  const options = [
    { value: 'profiles', label: 'Profiles' },
    ...data.datasets.map((d) => ({ value: `dataset:${d.name}`, label: `Dataset: ${d.title}` })),
    ...(allowFile ? [{ value: 'file', label: 'Rows of a file' }] : []),
  ];
  const current = value.kind === 'dataset' ? `dataset:${value.dataset}` : value.kind;
  return (
    <Select
      label={label}
      data={options}
      value={current}
      allowDeselect={false}
      onChange={(next) => {
        if (next === 'profiles') onChange({ kind: 'profiles' });
        else if (next === 'file') onChange({ kind: 'file' });
        else if (next?.startsWith('dataset:'))
          onChange({ kind: 'dataset', dataset: next.slice('dataset:'.length) });
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function TargetingEditor({
  dimension,
  targeting,
  onChange,
  data,
  columns,
  population = false,
}: {
  dimension: Dimension;
  targeting: Targeting;
  onChange: (targeting: Targeting) => void;
  data: BuilderData;
  /** Columns to filter on when the dimension is not profiles (a dataset's, a file's). */
  columns?: readonly TypedColumn[] | undefined;
  /** An incoming population of unknown dimension: filters on its columns and a profile rule. */
  population?: boolean;
}) {
  // The model's Targeting types the recursive rule root loosely; it is the audience RuleTree.
  const [group, setGroup] = useState(() => groupOf(targeting.rule as RuleTree | undefined));
  const [filters, setFilters] = useState<FilterDraft[]>(() =>
    (targeting.where ?? []).map(filterDraftOf),
  );
  const dataset =
    dimension.kind === 'dataset' ? data.datasets.find((d) => d.name === dimension.dataset) : null;
  const filterColumns =
    columns ??
    dataset?.columns.map((c) => ({ name: c.name, type: columnTypeOf(c.type) })) ??
    undefined;
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
      {(population || dimension.kind !== 'profiles') && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Rows whose columns match
          </Text>
          <FilterList
            filters={filters}
            path=""
            errors={{}}
            columns={filterColumns}
            onChange={changeFilters}
          />
        </Stack>
      )}
      {dimension.kind !== 'file' && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {dimension.kind === 'profiles' && !population
              ? 'Profiles matching'
              : 'Whose profile matches'}
          </Text>
          <Text size="xs" c="dimmed">
            No condition: every {dimension.kind === 'profiles' && !population ? 'profile' : 'row'}.
          </Text>
          <GroupCard group={group} path={ROOT_PATH} number="" env={env} onChange={changeRule} />
        </Stack>
      )}
    </Stack>
  );
}
