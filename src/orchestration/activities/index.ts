// Which function runs each activity kind. A new kind fails to compile here until it has one.
import { assertNever } from '../../platform/assert.ts';
import type { ActivityKind } from '../model.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { runBuildAudience } from './build-audience.ts';
import { runReadAudience } from './read-audience.ts';
import { runIncrementalQuery } from './incremental-query.ts';
import { runLoadFile } from './load-file.ts';
import { runChangeDimension } from './change-dimension.ts';
import { runCombine } from './combine.ts';
import { runDeduplication } from './deduplication.ts';
import { runEnrichment } from './enrichment.ts';
import { runReconciliation } from './reconciliation.ts';
import { runSplit } from './split.ts';
import { runSaveAudience } from './save-audience.ts';
import { runScheduler } from './scheduler.ts';
import { runFork } from './fork.ts';
import { runAndJoin } from './and-join.ts';
import { runWait } from './wait.ts';
import { runTest } from './test.ts';
import { runAlert } from './alert.ts';
import { runEnd } from './end.ts';
import { runChannel } from './channel.ts';
import { runDirectMail } from './direct-mail.ts';

/** Runs the context's activity. The casts only restate what the switch has just checked. */
export function runActivity(context: ActivityContext): Promise<ActivityOutcome> {
  const kind: ActivityKind = context.activity.kind;
  switch (kind) {
    case 'buildAudience':
      return runBuildAudience(context as ActivityContext<'buildAudience'>);
    case 'readAudience':
      return runReadAudience(context as ActivityContext<'readAudience'>);
    case 'incrementalQuery':
      return runIncrementalQuery(context as ActivityContext<'incrementalQuery'>);
    case 'loadFile':
      return runLoadFile(context as ActivityContext<'loadFile'>);
    case 'changeDimension':
      return runChangeDimension(context as ActivityContext<'changeDimension'>);
    case 'combine':
      return runCombine(context as ActivityContext<'combine'>);
    case 'deduplication':
      return runDeduplication(context as ActivityContext<'deduplication'>);
    case 'enrichment':
      return runEnrichment(context as ActivityContext<'enrichment'>);
    case 'reconciliation':
      return runReconciliation(context as ActivityContext<'reconciliation'>);
    case 'split':
      return runSplit(context as ActivityContext<'split'>);
    case 'saveAudience':
      return runSaveAudience(context as ActivityContext<'saveAudience'>);
    case 'scheduler':
      return runScheduler(context as ActivityContext<'scheduler'>);
    case 'fork':
      return runFork(context as ActivityContext<'fork'>);
    case 'andJoin':
      return runAndJoin(context as ActivityContext<'andJoin'>);
    case 'wait':
      return runWait(context as ActivityContext<'wait'>);
    case 'test':
      return runTest(context as ActivityContext<'test'>);
    case 'alert':
      return runAlert(context as ActivityContext<'alert'>);
    case 'end':
      return runEnd(context as ActivityContext<'end'>);
    case 'email':
      return runChannel(context as ActivityContext<'email' | 'sms' | 'push'>);
    case 'sms':
      return runChannel(context as ActivityContext<'email' | 'sms' | 'push'>);
    case 'push':
      return runChannel(context as ActivityContext<'email' | 'sms' | 'push'>);
    case 'directMail':
      return runDirectMail(context as ActivityContext<'directMail'>);
    default:
      return assertNever(kind);
  }
}
