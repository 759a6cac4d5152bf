// One audience: its rule in words, who it holds now (count, sample, SQL) and its snapshots;
// writers can edit or delete it.
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
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { deleteAudience, getAudience } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { RuleSummary } from './RuleSummary.tsx';
import { SnapshotsPanel } from './SnapshotsPanel.tsx';
import { useBuilderData } from './useBuilderData.ts';

export function AudienceDetailPage() {
  const id = useParams().id ?? '';
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const audience = useQuery({
    queryKey: ['audience', sandbox, id],
    queryFn: () => getAudience(id),
  });
  const names = useBuilderData({ attributes: false }).data;
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
              <Button
                component={Link}
                to={`/audiences/${data.id}/edit`}
                leftSection={<IconPencil size={16} />}
              >
                Edit
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

      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="rule-title">
              <Title order={3} size="h4" mb="sm" id="rule-title">
                Rule
              </Title>
              {data.kind === 'rule' && (
                <RuleSummary
                  rule={data.rule}
                  names={{
                    audiences: new Map((names?.audiences ?? []).map((a) => [a.id, a.name])),
                    lists: new Map((names?.lists ?? []).map((l) => [l.id, l.name])),
                  }}
                />
              )}
            </Paper>
            <SnapshotsPanel audienceId={data.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <MembersPanel audience={data} />
        </Grid.Col>
      </Grid>

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
