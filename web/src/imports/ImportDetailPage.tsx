import { Anchor, Breadcrumbs, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../ui/PageHeader.tsx';
import { ImportProgress } from './ImportProgress.tsx';

/** One import, shareable by URL: live progress while it runs, its result once finished. */
export function ImportDetailPage() {
  const id = useParams().id ?? '';
  return (
    <Stack gap={0} maw={1000}>
      <Breadcrumbs mb="md">
        <Anchor component={Link} to="/profiles" size="sm">
          Profiles
        </Anchor>
        <Anchor component={Link} to="/profiles/imports" size="sm">
          Imports
        </Anchor>
        <Text size="sm">Import</Text>
      </Breadcrumbs>
      <PageHeader title="Import" />
      <ImportProgress id={id} />
    </Stack>
  );
}
