// A push notification on a phone's lock screen, and the payload size per platform.
import { Badge, Box, Group, Image, Stack, Table, Text } from '@mantine/core';
import type { PreviewResult } from '../api/content.ts';

type PushResult = Extract<PreviewResult, { channel: 'push' }>;

const PLATFORMS = [
  { key: 'apns', label: 'Apple (APNs)' },
  { key: 'fcm', label: 'Android (FCM)' },
  { key: 'web', label: 'Web Push' },
] as const;

export function PushPreview({ result }: { result: PushResult }) {
  return (
    <Stack gap="md" align="center">
      <Box
        aria-label="Phone preview"
        style={{
          width: 300,
          height: 520,
          borderRadius: 40,
          border: '10px solid #1f2933',
          background: 'linear-gradient(160deg, #4c6ef5 0%, #15aabf 100%)',
          padding: '48px 12px 12px',
          position: 'relative',
        }}
      >
        <Text ta="center" c="white" fw={300} style={{ fontSize: 44, lineHeight: 1 }}>
          9:41
        </Text>
        <Box
          mt="lg"
          p="sm"
          style={{ background: 'rgba(255,255,255,0.92)', borderRadius: 16 }}
          data-testid="push-card"
        >
          <Group justify="space-between" mb={4}>
            <Text size="xs" c="dimmed" fw={600}>
              YOUR APP
            </Text>
            <Text size="xs" c="dimmed">
              now
            </Text>
          </Group>
          <Text size="sm" fw={700} lineClamp={1}>
            {result.title}
          </Text>
          <Text size="sm" lineClamp={4}>
            {result.body}
          </Text>
          {result.imageUrl && (
            <Image src={result.imageUrl} alt="" radius="sm" mt={6} h={110} fit="cover" />
          )}
        </Box>
      </Box>
      {result.url && (
        <Text size="xs" c="dimmed">
          Opens {result.url}
        </Text>
      )}
      <Table aria-label="Payload sizes" w="100%" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Platform</Table.Th>
            <Table.Th ta="right">Payload</Table.Th>
            <Table.Th ta="right">Limit</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {PLATFORMS.map(({ key, label }) => {
            const payload = result.payloads[key];
            return (
              <Table.Tr key={key}>
                <Table.Td>{label}</Table.Td>
                <Table.Td ta="right">{payload.bytes} B</Table.Td>
                <Table.Td ta="right">{payload.limit} B</Table.Td>
                <Table.Td>
                  <Badge color={payload.fits ? 'teal' : 'red'} variant="light">
                    {payload.fits ? 'fits' : 'too large'}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
