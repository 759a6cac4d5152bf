import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { deleteDataset, getDataset } from '../../api/datasets.ts';
import { useSession } from '../../auth/session.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { notifyFailure, notifySuccess } from '../../ui/notify.ts';
import { QueryState } from '../../ui/QueryState.tsx';
import { AddColumnModal } from './AddColumnModal.tsx';
import { TYPE_TITLES } from './ColumnEditor.tsx';
import { DatasetRowsTable } from './DatasetRowsTable.tsx';
import { linkText } from './describe.ts';

const NUMBER = new Intl.NumberFormat();

export function DatasetDetailPage() {
  const name = useParams().name ?? '';
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const dataset = useQuery({
    queryKey: ['dataset', sandbox, name],
    queryFn: () => getDataset(name),
  });
  const remove = useMutation({
    mutationFn: () => deleteDataset(name),
    onSuccess: async () => {
      setDeleting(false);
      queryClient.removeQueries({ queryKey: ['dataset', sandbox, name] });
      await queryClient.invalidateQueries({ queryKey: ['datasets'] });
      notifySuccess(`The dataset ${name} and its rows were deleted.`);
      void navigate('/admin/datasets');
    },
    onError: (error) => {
      setDeleting(false);
      notifyFailure('Could not delete the dataset', error);
    },
  });

  const crumbs = (
    <Breadcrumbs mb="md">
      <Anchor component={Link} to="/admin/datasets" size="sm">
        Datasets
      </Anchor>
      <Text size="sm">{name}</Text>
    </Breadcrumbs>
  );
  if (dataset.isPending || dataset.isError)
    return (
      <>
        {crumbs}
        <QueryState query={dataset} label="Loading the dataset" />
      </>
    );

  const data = dataset.data;
  const canWrite = can('profiles.write');
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        {crumbs}
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="sm">
              <Title order={2}>{data.title}</Title>
              <Badge variant="light" color="gray" tt="none">
                version {data.version}
              </Badge>
            </Group>
            <Text c="dimmed" size="sm" mt={4}>
              <Code>{data.name}</Code> · {NUMBER.format(data.rowCount)} rows · changed{' '}
              {formatDateTime(data.updatedAt)}
            </Text>
            {data.description && (
              <Text size="sm" mt={6} maw={720}>
                {data.description}
              </Text>
            )}
          </div>
          {canWrite && (
            <Group gap="sm">
              <Button
                component={Link}
                to={`/admin/datasets/${data.name}/import`}
                leftSection={<IconUpload size={16} />}
              >
                Import rows
              </Button>
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDeleting(true)}
              >
                Delete
              </Button>
            </Group>
          )}
        </Group>
      </div>

      <Paper withBorder radius="md" p="lg">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            Definition
          </Title>
          {canWrite && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAdding(true)}
            >
              Add column
            </Button>
          )}
        </Group>
        <Table verticalSpacing="xs" maw={760} aria-label="Columns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>May be empty</Table.Th>
              <Table.Th>Key</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.columns.map((column) => (
              <Table.Tr key={column.name}>
                <Table.Td ff="monospace">{column.name}</Table.Td>
                <Table.Td>{TYPE_TITLES[column.type]}</Table.Td>
                <Table.Td>{column.nullable === false ? 'No' : 'Yes'}</Table.Td>
                <Table.Td>
                  {data.primaryKey.includes(column.name) && (
                    <Badge size="sm" variant="light">
                      Key{' '}
                      {data.primaryKey.length > 1 ? data.primaryKey.indexOf(column.name) + 1 : ''}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" mt="sm">
          <Text span c="dimmed">
            Link:{' '}
          </Text>
          {linkText(data.link)}
        </Text>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Rows
        </Title>
        <DatasetRowsTable dataset={data} />
      </Paper>

      <AddColumnModal dataset={data} opened={adding} onClose={() => setAdding(false)} />
      <ConfirmModal
        opened={deleting}
        title={`Delete ${data.name}?`}
        confirmLabel="Delete dataset"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
      >
        <Text size="sm">
          The definition and all {NUMBER.format(data.rowCount)} rows are deleted for good. A dataset
          that another dataset links to cannot be deleted.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
