// One orchestrated campaign: its header and controls, the canvas with the side panel of the
// selected activity (or the preview of a clicked transition), and below it the problems, the
// shown run's tasks and logs, and the channel reports.
import { Badge, CloseButton, Group, Paper, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { listConfigurations } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import type { BuilderData } from '../audiences/useBuilderData.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import type { OrchestratedCampaign } from './api.ts';
import { outputPorts } from '../../../src/orchestration/ports.ts';
import { canvasNodeOf } from './editor/flow.ts';
import { useWorkflowEditor } from './editor/useWorkflowEditor.ts';
import { WorkflowCanvas } from './editor/WorkflowCanvas.tsx';
import { ActivityPanel } from './panel/ActivityPanel.tsx';
import type { PanelEnv } from './panel/env.ts';
import { ProblemsList } from './ProblemsList.tsx';
import { portLabel } from './run/portLabels.ts';
import { ReportsPanel } from './run/ReportsPanel.tsx';
import { TasksPanel } from './run/TasksPanel.tsx';
import { TransitionPreview } from './run/TransitionPreview.tsx';
import { useCampaignRun } from './run/useCampaignRun.ts';
import { RunControls } from './RunControls.tsx';
import { OrchestratedStatusBadge } from './StatusBadge.tsx';
import { useCampaignActions } from './useCampaignActions.ts';

export function CampaignWorkspace({
  campaign,
  builder,
}: {
  campaign: OrchestratedCampaign;
  builder: BuilderData;
}) {
  const { can, sandbox } = useSession();
  const editor = useWorkflowEditor(campaign.definition);
  const runState = useCampaignRun(campaign.id);
  const actions = useCampaignActions(campaign.id, (definition) => editor.reset(definition, true));
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('problems');
  const readOnly = campaign.status !== 'draft' || !can('orchestrated.write');
  const configurations = useQuery({
    queryKey: ['channel-configurations', sandbox, 'all-for-workflows'],
    queryFn: () => listConfigurations({ channel: null, status: null, q: '' }, undefined),
  });

  const selected = editor.nodes.filter((n) => n.selected);
  const single = selected.length === 1 ? selected[0] : undefined;
  const { clearSelection } = editor;
  const decorations = useMemo(
    () => ({
      check: editor.check,
      tasks: runState.tasks,
      counts: runState.counts,
      readOnly,
      openTransition: (id: string) => {
        clearSelection();
        setPreviewId(id);
      },
    }),
    [editor.check, runState.tasks, runState.counts, readOnly, clearSelection],
  );
  const labels = useMemo(
    () => new Map(editor.definition.activities.map((a) => [a.id, a.label])),
    [editor.definition],
  );
  const env: PanelEnv = {
    builder,
    configurations: configurations.data?.items ?? [],
    sources: editor.edges
      .filter((e) => e.target === single?.id)
      .map((e) => ({ id: e.source, label: labels.get(e.source) ?? e.source })),
    campaignId: campaign.id,
    dirty: editor.dirty,
    definition: editor.definition,
    activityId: single?.id ?? '',
  };

  const save = () => actions.save.mutate(editor.definition);
  const testRun = async () => {
    if (editor.dirty) await actions.save.mutateAsync(editor.definition);
    actions.act.mutate('test-run', { onSuccess: () => setTab('tasks') });
  };
  const run = runState.run;
  const preview = previewId ? editor.edges.find((e) => e.id === previewId) : undefined;
  const previewSource =
    preview && editor.definition.activities.find((a) => a.id === preview.source);
  // A port is named when its activity has several (a Split's subsets).
  const previewPort =
    preview && previewSource && outputPorts(previewSource).length > 1
      ? ` (${portLabel(preview.source, preview.sourceHandle ?? 'out', editor.definition)})`
      : '';

  const side = single ? (
    <ActivityPanel
      node={canvasNodeOf(single)}
      onChange={(node) => editor.updateActivity(node.id, node.data)}
      onClose={editor.clearSelection}
      fieldErrors={editor.check.fields.get(single.id) ?? {}}
      messages={editor.check.byActivity.get(single.id) ?? { errors: [], warnings: [] }}
      env={env}
      readOnly={readOnly}
    />
  ) : preview && run ? (
    <div style={{ padding: 'var(--mantine-spacing-sm)', overflow: 'auto', height: '100%' }}>
      <Group justify="flex-end">
        <CloseButton aria-label="Close the preview" onClick={() => setPreviewId(null)} />
      </Group>
      <TransitionPreview
        key={preview.id}
        campaignId={campaign.id}
        runId={run.id}
        transitionId={preview.id}
        title={`${labels.get(preview.source) ?? preview.source}${previewPort} → ${labels.get(preview.target) ?? preview.target}`}
      />
    </div>
  ) : null;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            {campaign.name}
            <OrchestratedStatusBadge status={campaign.status} />
            {campaign.paused && <Badge color="yellow">Paused</Badge>}
            <Text span size="sm" c="dimmed">
              version {campaign.version}
            </Text>
          </Group>
        }
        description={campaign.description || undefined}
        action={
          <RunControls
            campaign={campaign}
            latestRun={runState.newest}
            dirty={editor.dirty}
            errorCount={editor.check.errorCount}
            onSave={save}
            onTestRun={() => void testRun()}
            actions={actions}
          />
        }
      />
      <Paper
        withBorder
        radius="md"
        style={{
          height: 'calc(100vh - 250px)',
          minHeight: 520,
          display: 'flex',
          overflow: 'hidden',
        }}
      >
        <div style={{ flex: 1, minWidth: 0 }}>
          <WorkflowCanvas
            editor={editor}
            decorations={decorations}
            onEdgeOpen={(edge) => {
              editor.clearSelection();
              setPreviewId(edge.id);
            }}
            onNotice={(message) => notifications.show({ message, autoClose: 1500 })}
          />
        </div>
        {side && (
          <div
            style={{
              width: 400,
              flexShrink: 0,
              borderLeft: '1px solid var(--mantine-color-gray-3)',
            }}
          >
            {side}
          </div>
        )}
      </Paper>
      <Paper withBorder radius="md" mt="md" p="sm">
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="problems">
              Problems{' '}
              <Badge size="xs" color={editor.check.errorCount ? 'red' : 'gray'} variant="light">
                {editor.check.errorCount + editor.check.warningCount}
              </Badge>
            </Tabs.Tab>
            <Tabs.Tab value="tasks">Tasks & logs</Tabs.Tab>
            <Tabs.Tab value="reports">Reports</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="problems" pt="sm">
            <ProblemsList check={editor.check} labels={labels} />
          </Tabs.Panel>
          <Tabs.Panel value="tasks" pt="sm">
            {run ? (
              <TasksPanel
                campaignId={campaign.id}
                run={run}
                definition={editor.definition}
                busy={actions.task.isPending}
                canConfirm={can('orchestrated.publish') || can('orchestrated.approve')}
                onTaskAction={(activityId, verb) =>
                  actions.task.mutate({ activityId, verb, runId: run.id })
                }
              />
            ) : (
              <Text size="sm" c="dimmed">
                No run yet. A test run executes the workflow without sending anything or saving
                audiences, and shows the rows on each transition.
              </Text>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="reports" pt="sm">
            <ReportsPanel campaignId={campaign.id} run={run} labels={labels} />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </>
  );
}
