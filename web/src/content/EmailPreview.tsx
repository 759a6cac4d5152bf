// The rendered email: in a sandboxed frame at desktop or phone width, its text part and links.
import { Badge, Box, Code, Group, SegmentedControl, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import { useElementSize } from '@mantine/hooks';
import { useState } from 'react';
import type { PreviewResult } from '../api/content.ts';

type EmailResult = Extract<PreviewResult, { channel: 'email' }>;

const WIDTHS = { desktop: 640, mobile: 375 } as const;
const HEIGHT = 560;

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function EmailPreview({ result }: { result: EmailResult }) {
  const [device, setDevice] = useState<keyof typeof WIDTHS>('desktop');
  const frame = useElementSize();
  const width = WIDTHS[device];
  const scale = frame.width > 0 ? Math.min(1, frame.width / width) : 1;
  return (
    <Stack gap="xs">
      <Box>
        <Text size="sm">
          <Text span c="dimmed">
            Subject:{' '}
          </Text>
          <Text span fw={600} data-testid="preview-subject">
            {result.subject}
          </Text>
        </Text>
        {result.preheader && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {result.preheader}
          </Text>
        )}
        {(result.senderName ?? result.replyTo) && (
          <Text size="xs" c="dimmed">
            {result.senderName && `From: ${result.senderName}`}
            {result.senderName && result.replyTo && ' · '}
            {result.replyTo && `Reply to: ${result.replyTo}`}
          </Text>
        )}
      </Box>
      <Tabs defaultValue="html" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html">Email</Tabs.Tab>
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
          <Tabs.Tab value="links">Links ({result.links.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="xs">
          <Group justify="space-between" mb="xs">
            <SegmentedControl
              size="xs"
              value={device}
              onChange={(value) => setDevice(value === 'mobile' ? 'mobile' : 'desktop')}
              aria-label="Preview width"
              data={[
                {
                  value: 'desktop',
                  label: (
                    <Group gap={4} wrap="nowrap">
                      <IconDeviceDesktop size={14} /> Desktop
                    </Group>
                  ),
                },
                {
                  value: 'mobile',
                  label: (
                    <Group gap={4} wrap="nowrap">
                      <IconDeviceMobile size={14} /> Mobile
                    </Group>
                  ),
                },
              ]}
            />
            <Badge variant="light" color={result.sizes.html > 102 * 1024 ? 'orange' : 'gray'}>
              HTML {kb(result.sizes.html)}
            </Badge>
          </Group>
          <Box
            ref={frame.ref}
            style={{ background: 'var(--mantine-color-gray-1)', padding: 8, borderRadius: 4 }}
          >
            {/* The frame keeps the real width and is scaled down to fit the column. */}
            <Box style={{ height: HEIGHT * scale, width: width * scale, margin: '0 auto' }}>
              <iframe
                title="Email preview"
                sandbox=""
                srcDoc={result.html}
                style={{
                  display: 'block',
                  width,
                  height: HEIGHT,
                  border: '1px solid var(--mantine-color-gray-4)',
                  background: '#fff',
                  transform: `scale(${scale})`,
                  transformOrigin: '0 0',
                }}
              />
            </Box>
          </Box>
          {scale < 1 && (
            <Text size="xs" c="dimmed" mt={4}>
              Shown at {Math.round(scale * 100)}% of {width} px.
            </Text>
          )}
          {result.sizes.html > 102 * 1024 && (
            <Text size="xs" c="orange" mt={4}>
              Gmail clips messages whose HTML passes about 102 KB.
            </Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="xs">
          <Code block style={{ whiteSpace: 'pre-wrap', maxHeight: 560, overflow: 'auto' }}>
            {result.text}
          </Code>
        </Tabs.Panel>
        <Tabs.Panel value="links" pt="xs">
          {result.links.length === 0 ? (
            <Text size="sm" c="dimmed">
              No tracked links. Mail, phone and unsubscribe links are not tracked.
            </Text>
          ) : (
            <Table aria-label="Links" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>URL</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.links.map((link) => (
                  <Table.Tr key={link.index}>
                    <Table.Td>{link.label}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      <Text size="xs" ff="monospace">
                        {link.url}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
