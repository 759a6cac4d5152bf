import {
  Anchor,
  Button,
  Center,
  Code,
  EmptyState,
  Loader,
  Paper,
  Table,
  Text,
} from '@mantine/core';
import { IconPlus, IconTable } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { listDatasets } from '../../api/datasets.ts';
import { useSession } from '../../auth/session.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { linkText } from './describe.ts';

const NUMBER = new Intl.NumberFormat();

export function DatasetsPage() {
  const { can, sandbox, me } = useSession();
  const navigate = useNavigate();
  const datasets = useQuery({ queryKey: ['datasets', sandbox], queryFn: listDatasets });
  const defineButton = can('profiles.write') && (
    <Button component={Link} to="/admin/datasets/new" leftSection={<IconPlus size={18} />}>
      Define dataset
    </Button>
  );
  const items = datasets.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Datasets"
        description={`Tables of your own data in the sandbox ${me.sandbox.title} (${me.sandbox.name}), linked to profiles or to each other.`}
        action={defineButton}
      />
      <Paper withBorder radius="md" p="md">
        {datasets.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading datasets" />
          </Center>
        ) : datasets.isError ? (
          <QueryError error={datasets.error} onRetry={() => void datasets.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconTable size={28} />}
            withIndicatorBackground
            title="No datasets yet"
            description="Define a dataset (orders, stores, products…) with its columns and key, then import its rows from a CSV file."
          >
            {defineButton && <EmptyState.Actions>{defineButton}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Datasets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th ta="right">Columns</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Link</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((dataset) => {
                  const to = `/admin/datasets/${dataset.name}`;
                  return (
                    <Table.Tr
                      key={dataset.id}
                      onClick={() => void navigate(to)}
                      style={{ cursor: 'pointer' }}
                    >
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={to}
                          size="sm"
                          ff="monospace"
                          onClick={(event) => event.stopPropagation()}
                        >
                          {dataset.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{dataset.title}</Table.Td>
                      <Table.Td ta="right">{dataset.columns.length}</Table.Td>
                      <Table.Td>
                        <Code>{dataset.primaryKey.join(', ')}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={dataset.link ? undefined : 'dimmed'}>
                          {linkText(dataset.link)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{NUMBER.format(dataset.rowCount)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}
