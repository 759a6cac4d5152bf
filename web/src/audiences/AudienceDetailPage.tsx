// One audience: how it is made (its rule or combination in words, or its uploaded file and
// members), who it holds now (count, sample, SQL) and its snapshots; writers can change it
// (edit the rule; rename or send a new file for an upload) or delete it.
import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconPencil, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { assertNever } from '../../../src/platform/assert.ts';
import { deleteAudience, getAudience, type Audience, type RuleAudience } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { KindBadge } from './KindBadge.tsx';
import { compositionOfRule } from './composition/composition.ts';
import { CompositionSummary } from './composition/CompositionSummary.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { RenameModal } from './RenameModal.tsx';
import { RuleSummary } from './RuleSummary.tsx';
import { SnapshotsPanel } from './SnapshotsPanel.tsx';
import { UploadDetail } from './upload/UploadDetail.tsx';
import { useBuilderData } from './useBuilderData.ts';

function RuleDetail({ audience }: { audience: RuleAudience }) {
  const names = useBuilderData({ attributes: false }).data;
  const audienceNames = new Map((names?.audiences ?? []).map((a) => [a.id, a.name]));
  const combination = compositionOfRule(audience.rule);
  return (
    <Grid gap="lg" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="lg">
          <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="rule-title">
            <Title order={3} size="h4" mb="sm" id="rule-title">
              {combination ? 'Combination' : 'Rule'}
            </Title>
            {combination ? (
              <CompositionSummary root={combination} names={audienceNames} />
            ) : (
              <RuleSummary
                rule={audience.rule}
                names={{
                  audiences: audienceNames,
                  lists: new Map((names?.lists ?? []).map((l) => [l.id, l.name])),
                }}
              />
            )}
          </Paper>
          <SnapshotsPanel audienceId={audience.id} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <MembersPanel audience={audience} />
      </Grid.Col>
    </Grid>
  );
}

/** What a writer can change: a rule is edited; an upload is renamed or gets a new file. */
function ChangeActions({
  audience,
  onRename,
  onNewFile,
}: {
  audience: Audience;
  onRename: () => void;
  onNewFile: () => void;
}) {
  switch (audience.kind) {
    case 'rule':
      return (
        <Button
          component={Link}
          to={`/audiences/${audience.id}/edit`}
          leftSection={<IconPencil size={16} />}
        >
          Edit
        </Button>
      );
    case 'upload':
      return (
        <>
          <Button leftSection={<IconUpload size={16} />} onClick={onNewFile}>
            Upload a new file
          </Button>
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onRename}>
            Rename
          </Button>
        </>
      );
    default:
      return assertNever(audience);
  }
}

export function AudienceDetailPage() {
  const id = useParams().id ?? '';
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [newFile, setNewFile] = useState(false);
  const audience = useQuery({
    queryKey: ['audience', sandbox, id],
    queryFn: () => getAudience(id),
  });
  const remove = useMutation({
    mutationFn: () => deleteAudience(id),
    onSuccess: async () => {
      setDeleting(false);
      queryClient.removeQueries({ queryKey: ['audience', sandbox, id] });
      await queryClient.invalidateQueries({ queryKey: ['audiences'], refetchType: 'all' });
      notifySuccess(`The audience ${audience.data?.name ?? ''} was deleted.`);
      void navigate('/audiences');
    },
    onError: (error) => {
      setDeleting(false);
      notifyFailure('Could not delete the audience', error);
    },
  });

  const crumbs = (
    <Breadcrumbs mb="md">
      <Anchor component={Link} to="/audiences" size="sm">
        Audiences
      </Anchor>
      <Text size="sm">{audience.data?.name ?? '…'}</Text>
    </Breadcrumbs>
  );
  if (audience.isPending || audience.isError)
    return (
      <>
        {crumbs}
        <QueryState query={audience} label="Loading the audience" />
      </>
    );

  const data = audience.data;
  const canWrite = can('audiences.write');
  return (
    <Stack gap="lg" maw={1300}>
      <div>
        {crumbs}
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="sm">
              <Title order={2}>{data.name}</Title>
              <KindBadge audience={data} />
              <Badge variant="light" color="gray" tt="none">
                version {data.version}
              </Badge>
            </Group>
            <Text c="dimmed" size="sm" mt={4}>
              Created by {data.createdBy} · changed {formatDateTime(data.updatedAt)}
            </Text>
            {data.description && (
              <Text size="sm" mt={6} maw={720}>
                {data.description}
              </Text>
            )}
          </div>
          {canWrite && (
            <Group gap="sm">
              <ChangeActions
                audience={data}
                onRename={() => setRenaming(true)}
                onNewFile={() => setNewFile(true)}
              />
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

      {data.kind === 'upload' ? (
        <UploadDetail audience={data} newFile={newFile} onNewFileClosed={() => setNewFile(false)} />
      ) : (
        <RuleDetail audience={data} />
      )}

      <RenameModal audience={data} opened={renaming} onClose={() => setRenaming(false)} />
      <ConfirmModal
        opened={deleting}
        title={`Delete ${data.name}?`}
        confirmLabel="Delete audience"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
      >
        <Text size="sm">
          The audience is deleted for good; snapshots already taken stay until they expire. An
          audience that another audience refers to cannot be deleted.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
