// `clarion worker` processes for crash tests: a test app with its database and an SMTP sink on
// loopback, workers started as real processes (one lane, a 10 s lease) and all killed at the end.
import { afterAll, beforeAll } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import { runClarion, type RunningClarion } from '../testing/processes.ts';

export interface WorkerProcesses {
  /** Set once the file's beforeAll has run. */
  t: TestApp;
  sink: SmtpSink;
  workers: RunningClarion[];
  startWorker: () => RunningClarion;
}

export function useWorkerProcesses(dataDir: string): WorkerProcesses {
  const h = { workers: [] as RunningClarion[] } as WorkerProcesses;
  h.startWorker = () => {
    const worker = runClarion(['worker'], {
      DATABASE_URL: h.t.database.url,
      CLARION_DATA_DIR: dataDir,
      CLARION_SECRET: TEST_SECRET,
      CLARION_DELIVERY_LANES: '1',
      CLARION_DELIVERY_LEASE_SECONDS: '10',
    });
    h.workers.push(worker);
    return worker;
  };
  beforeAll(async () => {
    h.t = await createTestApp();
    h.sink = await startSmtpSink();
  });
  afterAll(async () => {
    for (const worker of h.workers) worker.child.kill('SIGKILL');
    await Promise.all(h.workers.map((w) => w.exited()));
    await h.sink?.close();
    await h.t?.close();
  });
  return h;
}
