import { Anchor, Code, Drawer, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { AuditEntry } from '../../api/admin.ts';
import { formatPreciseTime } from '../../ui/format.ts';

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <Title order={4} size="h6" mb={4}>
        {label}
      </Title>
      {value === undefined ? (
        <Text size="sm" c="dimmed">
          Not recorded
        </Text>
      ) : (
        <Code block style={{ maxHeight: 360, overflow: 'auto' }}>
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </div>
  );
}

/** One audit entry in full, with the recorded before/after summary. */
export function AuditDetailDrawer({
  entry,
  onClose,
}: {
  entry: AuditEntry | null;
  onClose: () => void;
}) {
  const rows: [string, React.ReactNode][] = entry
    ? [
        ['Time', formatPreciseTime(entry.at)],
        ['Actor', `${entry.actorLabel} (${entry.actorType})`],
        ['Action', <Code key="action">{entry.action}</Code>],
        [
          'Entity',
          entry.entityType === 'user' ? (
            <Anchor key="entity" component={Link} to={`/admin/users/${entry.entityId}`} size="sm">
              user {entry.entityId}
            </Anchor>
          ) : (
            `${entry.entityType} ${entry.entityId}`
          ),
        ],
        ['Scope', entry.sandboxId === null ? 'Platform-wide' : 'This sandbox'],
        ['Request id', entry.requestId ?? '—'],
      ]
    : [];
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={600}>Audit entry {entry?.id}</Text>}
    >
      {entry && (
        <Stack>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              {rows.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={120}>{label}</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Json label="Before" value={entry.summary.before} />
          <Json label="After" value={entry.summary.after} />
        </Stack>
      )}
    </Drawer>
  );
}
