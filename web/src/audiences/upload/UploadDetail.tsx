// The body of an uploaded audience's page: the file it comes from (and a new one being sent),
// its members with their columns, snapshots, and who it holds now.
import { Grid, Stack } from '@mantine/core';
import type { UploadAudience } from '../../api/audiences.ts';
import { useNamespaces } from '../../profiles/ProfileFilterBar.tsx';
import { MembersPanel } from '../MembersPanel.tsx';
import { SnapshotsPanel } from '../SnapshotsPanel.tsx';
import { LatestFilePanel } from './LatestFilePanel.tsx';
import { NewFilePanel } from './NewFilePanel.tsx';
import { UploadFacts } from './UploadFacts.tsx';
import { UploadMembersPanel } from './UploadMembersPanel.tsx';

export function UploadDetail({
  audience,
  newFile,
  onNewFileClosed,
}: {
  audience: UploadAudience;
  /** The "Upload a new file" panel is open. */
  newFile: boolean;
  onNewFileClosed: () => void;
}) {
  const namespaces = useNamespaces();
  const namespace = namespaces.data?.items.find((n) => n.code === audience.upload.namespace);
  return (
    <Grid gap="lg" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="lg">
          {newFile ? (
            <NewFilePanel audience={audience} onClose={onNewFileClosed} />
          ) : (
            <LatestFilePanel audience={audience} />
          )}
          <UploadFacts audience={audience} namespaceTitle={namespace?.title} />
          <UploadMembersPanel audience={audience} />
          <SnapshotsPanel audienceId={audience.id} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <MembersPanel audience={audience} />
      </Grid.Col>
    </Grid>
  );
}
