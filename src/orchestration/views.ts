// The engine's run and task summaries as the API shows them (times as ISO-8601 text).
import type { RunSummary, TaskSummary } from './engine/index.ts';
import type { RunView, TaskDetail, TaskView } from './api-model.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toRunView(run: RunSummary): RunView {
  return {
    id: run.id,
    campaignId: run.campaignId,
    runNo: run.runNo,
    mode: run.mode,
    trigger: run.trigger,
    status: run.status,
    oneShot: run.oneShot,
    variables: run.variables,
    error: run.error,
    createdBy: run.createdBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    purgedAt: iso(run.purgedAt),
  };
}

export function toTaskView(task: TaskSummary): TaskView {
  return {
    activityId: task.activityId,
    kind: task.kind,
    status: task.status,
    attempts: task.attempts,
    wakeAt: iso(task.wakeAt),
    startedAt: iso(task.startedAt),
    finishedAt: iso(task.finishedAt),
    durationMs: task.durationMs,
    counts: task.counts,
    error: task.error,
  };
}

export function toTaskDetail(task: TaskSummary): TaskDetail {
  return { ...toTaskView(task), logs: task.logs, state: task.state };
}
