// Which rows of an incoming population: filters on its columns, suggested from what the
// definition says arrives, and a rule the row's profile must match (profile attributes are not
// columns: the rule reads them).
import { Stack, Text } from '@mantine/core';
import {
  filterableColumns,
  type PopulationColumns,
} from '../../../../src/orchestration/columns.ts';
import type { Targeting } from '../../../../src/orchestration/model.ts';
import type { BuilderData } from '../../audiences/useBuilderData.ts';
import { ColumnFilterList } from './ColumnFilterList.tsx';
import { ProfileRule, useTargetingDrafts } from './ProfileRule.tsx';

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
  const drafts = useTargetingDrafts(targeting, onChange, data);
  const columns = population ? filterableColumns(population) : [];
  // Rows of a file reach no profile until they are reconciled.
  const linkedToNothing = population?.dimension?.kind === 'file';

  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Rows whose columns match
        </Text>
        <ColumnFilterList
          filters={drafts.filters}
          columns={columns}
          onChange={drafts.changeFilters}
        />
      </Stack>
      {!linkedToNothing && (
        <ProfileRule title="Whose profile matches" every="row" drafts={drafts} />
      )}
    </Stack>
  );
}
