// The population a transition carried in the shown run: its count, its columns and first rows.
import { Badge, Group, Loader, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/session.ts';
import { previewTransition } from '../api.ts';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function TransitionPreview({
  campaignId,
  runId,
  transitionId,
  title,
}: {
  campaignId: string;
  runId: string;
  transitionId: string;
  title: string;
}) {
  const { sandbox } = useSession();
  const preview = useQuery({
    queryKey: ['orchestrated', sandbox, 'campaign', campaignId, 'preview', runId, transitionId],
    queryFn: () => previewTransition(campaignId, runId, transitionId, 20),
  });
  return (
    <Stack gap="xs" role="region" aria-label="Transition preview">
      <Group gap="xs">
        <Text fw={600}>{title}</Text>
        {preview.data && (
          <Badge variant="filled" color="dark">
            {preview.data.count.toLocaleString('en-GB')} rows
          </Badge>
        )}
      </Group>
      {preview.isPending ? (
        <Loader size="sm" aria-label="Loading the preview" />
      ) : preview.isError ? (
        <Text size="sm" c="dimmed">
          {preview.error.message}
        </Text>
      ) : (
        <ScrollArea type="auto">
          <Table striped withTableBorder fz="xs" aria-label="Worktable rows">
            <Table.Thead>
              <Table.Tr>
                {preview.data.columns.map((c) => (
                  <Table.Th key={c.name}>
                    {c.name}
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {c.type}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.data.rows.map((row, i) => (
                <Table.Tr key={i}>
                  {preview.data.columns.map((c) => (
                    <Table.Td key={c.name}>{cell(row[c.name])}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {preview.data.rows.length < preview.data.count && (
            <Text size="xs" c="dimmed" mt={4}>
              The first {preview.data.rows.length} of {preview.data.count.toLocaleString('en-GB')}{' '}
              rows.
            </Text>
          )}
        </ScrollArea>
      )}
    </Stack>
  );
}
