// Entry point of one ingest contender's child process (started by bench/ingest.ts with an IPC
// channel): reads its spec from argv[2] as JSON, runs it, sends back a ChildMessage, exits.
// Peak RSS is the kernel's VmHWM for this process, which also covers what loading the code took;
// a 100 ms sampler of process.memoryUsage().rss stands in where /proc is missing.
import { memoryOf } from './proc.ts';
import { runContender, type ChildMessage, type ContenderSpec } from './ingest-contenders.ts';

async function main(): Promise<ChildMessage> {
  let sampledPeak = 0;
  let peakHeapUsed = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    sampledPeak = Math.max(sampledPeak, usage.rss);
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
  };
  sample();
  const sampler = setInterval(sample, 100);
  try {
    const spec = JSON.parse(process.argv[2] ?? '') as ContenderSpec;
    const cpuBefore = process.cpuUsage();
    const measured = await runContender(spec);
    const cpu = process.cpuUsage(cpuBefore);
    sample();
    return {
      ok: true,
      report: {
        ...measured,
        peakRss: Math.max(memoryOf('self')?.peak ?? 0, sampledPeak),
        peakHeapUsed,
        cpuUserSeconds: cpu.user / 1e6,
        cpuSystemSeconds: cpu.system / 1e6,
      },
    };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  } finally {
    clearInterval(sampler);
  }
}

const message = await main();
process.send?.(message, () => process.disconnect?.());
