import { EmptyState, Paper } from '@mantine/core';
import { IconTools } from '@tabler/icons-react';
import { PageHeader } from '../ui/PageHeader.tsx';

/** An area the navigation names but this version does not have yet; says so, shows no fake data. */
export function UnavailablePage({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={<IconTools size={32} />}
          withIndicatorBackground
          title="Not available yet"
          description="This area is not available in this version of Clarion yet."
        />
      </Paper>
    </>
  );
}
