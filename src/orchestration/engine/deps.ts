// What the engine needs from its process, what it asks of the rest of the orchestration area
// (hooks, so the engine depends on no service module), and the error policy it applies.
import type pg from 'pg';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/context.ts';

export interface EngineLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface SignalRequest {
  sandboxId: string;
  campaignId: string;
  variables: Record<string, unknown>;
  /** Who signals: `campaign <name or id> run <no>`. */
  actor: string;
}

/** Provided by the campaign service; each is optional so the engine runs without it. */
export interface EngineHooks {
  /** An End activity signals another orchestrated campaign. */
  signalCampaign?(deps: EngineDeps, request: SignalRequest): Promise<void>;
  /** A run finished (completed, failed or stopped): the campaign may change status. */
  runFinished?(
    deps: EngineDeps,
    run: { sandboxId: string; campaignId: string; runId: string; mode: string; status: string },
  ): Promise<void>;
  /** Too many consecutive runs with errors (error policy `ignore`): suspend the campaign. */
  suspendCampaign?(
    deps: EngineDeps,
    request: { sandboxId: string; campaignId: string; reason: string },
  ): Promise<void>;
  /** The tick: start the runs of scheduled campaigns that are due. */
  launchDueCampaigns?(deps: EngineDeps): Promise<number>;
}

export interface EngineDeps {
  pool: pg.Pool;
  jobs?: JobQueue | undefined;
  clock: Clock;
  log?: EngineLog | undefined;
  hooks?: EngineHooks | undefined;
}

export const TASK_JOB = 'orchestratedTask';
export const TICK_JOB = 'orchestratedTick';

export type ErrorPolicy =
  { mode: 'suspend' } | { mode: 'ignore'; maxConsecutiveErrors?: number } | { mode: 'abort' };

/** The campaign's `error_policy`, read defensively: anything unexpected suspends. */
export function parseErrorPolicy(value: unknown): ErrorPolicy {
  if (typeof value !== 'object' || value === null) return { mode: 'suspend' };
  const record = value as Record<string, unknown>;
  if (record.mode === 'abort') return { mode: 'abort' };
  if (record.mode === 'ignore') {
    const max = record.maxConsecutiveErrors;
    return typeof max === 'number' && Number.isInteger(max) && max >= 0
      ? { mode: 'ignore', maxConsecutiveErrors: max }
      : { mode: 'ignore' };
  }
  return { mode: 'suspend' };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
