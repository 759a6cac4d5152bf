// Linux /proc readings for benchmarks: a process's peak resident memory (VmHWM), and the CPU time
// used by a process and its children (e.g. a PostgreSQL postmaster's backends and background
// workers), sampled so that processes which exit meanwhile are still counted up to their last sample.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const MB = 1024 * 1024;

/** VmRSS and VmHWM (peak RSS since the process started) in bytes, or undefined off Linux. */
export function memoryOf(pid: number | 'self'): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const rss = kb('VmRSS');
    const peak = kb('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak) ? { rss, peak } : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpu: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const cpu = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ppid) && Number.isFinite(cpu) ? { pid, ppid, cpu } : undefined;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** PostgreSQL process titles: `postgres: checkpointer`, `postgres: user db host(port) idle`, … */
export function postgresProcessGroup(commandLine: string, isRoot: boolean): string {
  if (isRoot) return 'postmaster';
  const title = commandLine.replace(/^postgres:\s*/, '');
  const background = [
    'checkpointer',
    'background writer',
    'walwriter',
    'autovacuum launcher',
    'autovacuum worker',
    'logical replication launcher',
    'io worker',
    'walsummarizer',
  ].find((name) => title.startsWith(name));
  // A backend's title starts with its user and database.
  return background ?? `backends (${title.split(' ')[1] ?? '?'})`;
}

export interface TreeCpu {
  /** CPU seconds used since `start`, per group. */
  stop(): Map<string, number>;
}

/**
 * Samples, every `intervalMs`, the CPU time of `rootPid` and its direct children, grouped by
 * `group(commandLine, isRoot)`. Children that appear meanwhile count from zero; a child that exits
 * is counted up to its last sample (at most one interval lost).
 */
export function sampleTreeCpu(
  rootPid: number,
  group: (commandLine: string, isRoot: boolean) => string,
  intervalMs = 100,
): TreeCpu {
  const baseline = new Map<number, number>();
  const latest = new Map<number, number>();
  const groups = new Map<number, string>();
  const resolved = new Set<number>();
  let first = true;
  const sample = (): void => {
    let pids: number[];
    try {
      pids = readdirSync('/proc')
        .filter((name) => /^\d+$/.test(name))
        .map(Number);
    } catch {
      return;
    }
    for (const pid of pids) {
      const stat = readStat(pid);
      if (!stat || (stat.pid !== rootPid && stat.ppid !== rootPid)) continue;
      if (!resolved.has(pid)) {
        // A child forked a moment ago still shows the postmaster's command line; ask again later.
        const line = commandLine(pid);
        groups.set(pid, group(line, pid === rootPid));
        if (pid === rootPid || line !== commandLine(rootPid)) resolved.add(pid);
      }
      if (!baseline.has(pid)) baseline.set(pid, first ? stat.cpu : 0);
      latest.set(pid, stat.cpu);
    }
    first = false;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const totals = new Map<string, number>();
      for (const [pid, cpu] of latest) {
        const name = groups.get(pid) ?? '?';
        const used = (cpu - (baseline.get(pid) ?? 0)) / clockTicks();
        totals.set(name, (totals.get(name) ?? 0) + used);
      }
      return totals;
    },
  };
}
