// The run shown on the canvas — the newest one — with its tasks, polled while it runs; and what
// the canvas draws from it: each activity's task and each transition's row count. When the
// polled run stops running, the run list and the campaign are read again, so that what is
// decided from them (the Stop button, the campaign's status) follows.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { WorkflowDefinition } from '../../../../src/orchestration/model.ts';
import { useSession } from '../../auth/session.ts';
import { campaignKey, getRun, listRuns, type Run, type RunWithTasks, type Task } from '../api.ts';

const POLL_MS = 1500;

export function runsKey(sandbox: string, campaignId: string) {
  return ['orchestrated', sandbox, 'campaign', campaignId, 'runs'] as const;
}

/** Rows per transition: the count of the output port it leaves from. */
export function transitionCounts(
  definition: WorkflowDefinition,
  tasks: ReadonlyMap<string, Task>,
): Map<string, number | null> {
  const counts = new Map<string, number | null>();
  for (const t of definition.transitions) {
    const task = tasks.get(t.from.activity);
    const count = task?.counts[t.from.port];
    if (task?.status === 'done' && count !== undefined) counts.set(t.id, count);
  }
  return counts;
}

export function useCampaignRun(campaignId: string) {
  const { sandbox } = useSession();
  const runs = useQuery({
    queryKey: runsKey(sandbox, campaignId),
    queryFn: () => listRuns(campaignId),
  });
  const latest = runs.data?.items[0];
  const run = useQuery({
    queryKey: [...runsKey(sandbox, campaignId), latest?.id ?? 'none'],
    queryFn: () => getRun(campaignId, latest?.id ?? ''),
    enabled: latest !== undefined,
    refetchInterval: (query) => {
      const data: RunWithTasks | undefined = query.state.data;
      const live = data ? data.status === 'running' : latest?.status === 'running';
      return live ? POLL_MS : false;
    },
  });
  const shown = latest && run.data?.id === latest.id ? run.data : undefined;
  const client = useQueryClient();
  const listed = latest?.status;
  const polled = shown?.status;
  useEffect(() => {
    if (!listed || !polled || listed === polled) return;
    void client.invalidateQueries({ queryKey: runsKey(sandbox, campaignId), exact: true });
    void client.invalidateQueries({ queryKey: campaignKey(sandbox, campaignId), exact: true });
  }, [client, sandbox, campaignId, listed, polled]);
  const tasks = useMemo(() => new Map((shown?.tasks ?? []).map((t) => [t.activityId, t])), [shown]);
  const counts = useMemo(
    () => (shown ? transitionCounts(shown.definition, tasks) : new Map<string, number | null>()),
    [shown, tasks],
  );
  /** The newest run as last read: the polled detail is fresher than the list. */
  const newest: Run | undefined = shown ?? latest;
  return {
    run: shown,
    newest,
    runs: runs.data?.items ?? [],
    tasks,
    counts,
    refresh: () => {
      void runs.refetch();
      void run.refetch();
    },
  };
}
