// The campaign's buttons, shaped by its status and the user's permissions: save with an
// unsaved-changes line, test run, publish, pause / resume, stop, new version, delete.
import { Button, Group, Text, Tooltip } from '@mantine/core';
import {
  IconCopy,
  IconDeviceFloppy,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
  IconRocket,
  IconTestPipe,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import type { OrchestratedCampaign, Run } from './api.ts';
import type { useCampaignActions } from './useCampaignActions.ts';

type Actions = ReturnType<typeof useCampaignActions>;

export function SaveState({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  return (
    <Text size="sm" c={dirty ? 'orange' : 'dimmed'} aria-live="polite" data-testid="save-state">
      {saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'All changes saved'}
    </Text>
  );
}

export function RunControls({
  campaign,
  latestRun,
  dirty,
  errorCount,
  onSave,
  onTestRun,
  actions,
}: {
  campaign: OrchestratedCampaign;
  latestRun: Run | undefined;
  dirty: boolean;
  errorCount: number;
  onSave: () => void;
  onTestRun: () => void;
  actions: Actions;
}) {
  const { can } = useSession();
  const [confirming, setConfirming] = useState<'publish' | 'stop' | 'delete' | null>(null);
  const { status } = campaign;
  const draft = status === 'draft';
  const active = status === 'live' || status === 'scheduled';
  const running = latestRun?.status === 'running' || latestRun?.status === 'paused';
  const busy = actions.act.isPending;
  const blocked = errorCount > 0 ? `Fix the ${errorCount} problems first` : null;
  return (
    <Group gap="xs" wrap="wrap" justify="flex-end">
      {draft && can('orchestrated.write') && (
        <>
          <SaveState dirty={dirty} saving={actions.save.isPending} />
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={onSave}
            disabled={!dirty}
            loading={actions.save.isPending}
            variant={dirty ? 'filled' : 'default'}
          >
            Save
          </Button>
          <Tooltip label={blocked} disabled={!blocked}>
            <Button
              leftSection={<IconTestPipe size={16} />}
              variant="light"
              onClick={onTestRun}
              disabled={Boolean(blocked)}
              loading={busy && actions.act.variables === 'test-run'}
            >
              Test run
            </Button>
          </Tooltip>
        </>
      )}
      {draft && can('orchestrated.publish') && (
        <Tooltip label={blocked ?? (dirty ? 'Save first' : null)} disabled={!blocked && !dirty}>
          <Button
            leftSection={<IconRocket size={16} />}
            color="green"
            disabled={Boolean(blocked) || dirty}
            onClick={() => setConfirming('publish')}
          >
            Publish
          </Button>
        </Tooltip>
      )}
      {active && can('orchestrated.publish') && (
        <Button
          variant="default"
          leftSection={
            campaign.paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />
          }
          loading={
            busy && (actions.act.variables === 'pause' || actions.act.variables === 'resume')
          }
          onClick={() => actions.act.mutate(campaign.paused ? 'resume' : 'pause')}
        >
          {campaign.paused ? 'Resume' : 'Pause'}
        </Button>
      )}
      {(active || running) && can('orchestrated.publish') && (
        <Button
          variant="default"
          color="red"
          leftSection={<IconPlayerStop size={16} />}
          onClick={() => setConfirming('stop')}
        >
          Stop
        </Button>
      )}
      {active && can('orchestrated.write') && (
        <Button
          variant="default"
          leftSection={<IconCopy size={16} />}
          loading={actions.copy.isPending}
          onClick={() => actions.copy.mutate('new-version')}
        >
          New version
        </Button>
      )}
      {draft && can('orchestrated.write') && (
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => setConfirming('delete')}
        >
          Delete
        </Button>
      )}
      <ConfirmModal
        opened={confirming === 'publish'}
        title="Publish this campaign?"
        confirmLabel="Publish"
        loading={busy}
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          actions.act.mutate('publish');
          setConfirming(null);
        }}
      >
        <Text size="sm">
          Its workflow becomes read-only and runs as its scheduler says; channel activities send for
          real. Changes are made in a new version.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={confirming === 'stop'}
        title="Stop this campaign?"
        confirmLabel="Stop"
        danger
        loading={busy}
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          actions.act.mutate('stop');
          setConfirming(null);
        }}
      >
        <Text size="sm">The running activities end and nothing more is launched.</Text>
      </ConfirmModal>
      <ConfirmModal
        opened={confirming === 'delete'}
        title="Delete this draft?"
        confirmLabel="Delete"
        danger
        loading={actions.remove.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={() => actions.remove.mutate()}
      >
        <Text size="sm">The draft, its workflow and its test runs are deleted.</Text>
      </ConfirmModal>
    </Group>
  );
}
