// Where an uploaded audience's members come from: the file, when it was loaded, how its lines
// are read, and the columns kept with each member.
import { Code, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { UploadAudience } from '../../api/audiences.ts';
import { formatDateTime } from '../../ui/format.ts';
import { profilesText } from '../LivePanel.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" data-fact={label}>
        {children}
      </Text>
    </div>
  );
}

export function UploadFacts({
  audience,
  namespaceTitle,
}: {
  audience: UploadAudience;
  namespaceTitle: string | undefined;
}) {
  const upload = audience.upload;
  const loaded = upload.importId !== null;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="upload-title">
      <Title order={3} size="h4" mb="sm" id="upload-title">
        Uploaded file
      </Title>
      {!loaded && (
        <Text size="sm" c="dimmed" mb="sm">
          No file has been loaded yet: upload one to give the audience its members.
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md" verticalSpacing="sm">
        <Fact label="File">{upload.fileName || '—'}</Fact>
        <Fact label="Uploaded">{formatDateTime(upload.uploadedAt, 'Not yet')}</Fact>
        <Fact label="Members">{profilesText(upload.members)}</Fact>
        <Fact label="Namespace">
          {namespaceTitle ? `${namespaceTitle} (${upload.namespace})` : upload.namespace}
        </Fact>
        <Fact label="Identity column">
          <Code>{upload.identityColumn}</Code>
        </Fact>
        <Fact label="Unknown identities">
          {upload.createProfiles ? 'Get a new profile' : 'Are rejected'}
        </Fact>
      </SimpleGrid>
      {loaded && (
        <Group gap={6} mt="md">
          <Text size="sm">Kept for each member:</Text>
          {upload.attributeColumns.length === 0 ? (
            <Text size="sm" c="dimmed">
              no other column
            </Text>
          ) : (
            upload.attributeColumns.map((column) => <Code key={column}>audience.{column}</Code>)
          )}
        </Group>
      )}
    </Paper>
  );
}
