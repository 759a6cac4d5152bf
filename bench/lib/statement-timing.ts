// Client-side timing of every statement sent through node-postgres, without touching the code under
// test: pg.Client.prototype.query is wrapped for as long as the timing runs. A statement's time runs
// from the query() call to its result (promise) or to the end of its COPY stream (submittable), so
// it includes the round trip and any wait in the client's queue; the import runs its batch
// statements one after another on one connection, so the sum is the time PostgreSQL was busy with
// (or waiting on the network for) the import.
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface StatementTiming {
  /** Whitespace-collapsed start of the statement text. */
  statement: string;
  calls: number;
  totalMs: number;
  maxMs: number;
}

type QueryFunction = (this: unknown, ...args: unknown[]) => unknown;

interface Finishable {
  once(event: string, listener: () => void): unknown;
}

function isFinishable(value: unknown): value is Finishable {
  return (
    typeof value === 'object' &&
    value !== null &&
    'once' in value &&
    typeof value.once === 'function'
  );
}

function statementText(query: unknown): string {
  if (typeof query === 'string') return query;
  if (typeof query === 'object' && query !== null && 'text' in query) return String(query.text);
  return '(submittable)';
}

/** Collapses whitespace and keeps the start: enough to tell the import's statements apart. */
export function statementKey(text: string, length = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? flat.slice(0, length - 1) + '…' : flat;
}

export function timeStatements(): { stop(): StatementTiming[] } {
  const timings = new Map<string, StatementTiming>();
  const record = (statement: string, ms: number): void => {
    let timing = timings.get(statement);
    if (!timing) timings.set(statement, (timing = { statement, calls: 0, totalMs: 0, maxMs: 0 }));
    timing.calls++;
    timing.totalMs += ms;
    timing.maxMs = Math.max(timing.maxMs, ms);
  };
  const prototype = pg.Client.prototype as unknown as { query: QueryFunction };
  const original = prototype.query;
  prototype.query = function timedQuery(this: unknown, ...args: unknown[]): unknown {
    const statement = statementKey(statementText(args[0]));
    const started = performance.now();
    let recorded = false;
    const done = (): void => {
      if (recorded) return;
      recorded = true;
      record(statement, performance.now() - started);
    };
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(done);
    if (isFinishable(result)) {
      // COPY … FROM STDIN: 'finish' once the server confirmed the command.
      result.once('finish', done);
      result.once('error', done);
    }
    return result;
  };
  return {
    stop() {
      prototype.query = original;
      return [...timings.values()].sort((a, b) => b.totalMs - a.totalMs);
    },
  };
}
