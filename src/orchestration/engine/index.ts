// The orchestrated campaign engine: what the campaign service and the job workers call.
export type { EngineDeps, EngineHooks, EngineLog, ErrorPolicy, SignalRequest } from './deps.ts';
export { parseErrorPolicy, TASK_JOB, TICK_JOB } from './deps.ts';
export {
  confirmTask,
  pauseRun,
  purgeRun,
  resumeRun,
  retryTask,
  startRun,
  stopRun,
  type StartRunRequest,
} from './lifecycle.ts';
export {
  getRun,
  listRuns,
  listTasks,
  worktableOf,
  type RunSummary,
  type TaskSummary,
} from './reads.ts';
export { runTask, type TaskKey } from './task-runner.ts';
export { orchestratedTick } from './tick.ts';
