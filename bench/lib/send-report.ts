// What the send benchmark prints: each contender's rate and CPU, the workers' CPU profile and
// pg_stat_statements (--profile), and the closing table of ratios with the targets.
import { summariseCpuProfile } from './cpu-profile.ts';
import { rate, type Result } from './send-baselines.ts';
import type { ClarionResult } from './send-clarion.ts';
import { cpuLine, fmt } from './send-cpu.ts';

// Targets from the product issue, as ratios of Clarion end to end (1 and 2 workers).
const TARGET_RATIO_NODEMAILER = 1.0;
const TARGET_RATIO_SMTP_SOURCE = 0.5;

export type ReportedResult = Result & { planSeconds?: number; sendSeconds?: number };

export function printResult(result: ReportedResult): void {
  const plan =
    result.planSeconds !== undefined ? `, planning ${fmt(result.planSeconds, 1)} s of it` : '';
  console.log(
    `${result.label}: ${fmt(rate(result))} msgs/s (${fmt(result.messages)} in ${fmt(result.seconds, 1)} s${plan})`,
  );
  console.log(`  CPU: ${cpuLine(result.cpu, result.seconds)}`);
}

const CPU_CATEGORIES: readonly [RegExp, string][] = [
  [/node_modules\/nodemailer\/dist\/\w+\/dkim\//, 'nodemailer DKIM signing'],
  [
    /node_modules\/nodemailer\/dist\/\w+\/(mime-node|mail-composer|mime-funcs|qp|base64)\//,
    'nodemailer MIME',
  ],
  [/node_modules\/nodemailer\/dist\/\w+\/smtp-(connection|pool)\//, 'nodemailer SMTP session'],
  [/node_modules\/nodemailer\//, 'nodemailer other'],
  [/src\/channels\/providers\/smtp/, 'Clarion SMTP provider (compose, DKIM, pool)'],
  [/src\/content\//, 'Clarion render'],
  [/src\/delivery\//, 'Clarion delivery'],
  [/src\/channels\//, 'Clarion channels'],
  [/src\/profiles\//, 'Clarion profiles'],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|kysely)\//, 'pg client / kysely'],
  [/node_modules\/graphile-worker\//, 'graphile-worker'],
  [/node_modules\/tsx\/|node_modules\/esbuild\//, 'tsx loader (start-up)'],
  [/^node:internal\/crypto\//, 'node:crypto (RSA signature, hashes)'],
  [/^node:/, 'Node internals (net, streams, timers)'],
];

/** Prints the busiest profile of a worker (its main thread; the other is tsx's loader thread). */
function printProfile(files: readonly string[]): void {
  const busy = (s: ReturnType<typeof summariseCpuProfile>) =>
    s.totalMs - (s.categories.find((c) => c.name.startsWith('idle'))?.ms ?? 0);
  const summaries = files.map((file) => ({
    file,
    summary: summariseCpuProfile(file, 20, CPU_CATEGORIES),
  }));
  const busiest = summaries.sort((a, b) => busy(b.summary) - busy(a.summary))[0];
  if (!busiest) return;
  const { file, summary } = busiest;
  console.log(`\nCPU profile ${file} (${fmt(summary.totalMs / 1000, 1)} s sampled)`);
  for (const c of summary.categories.slice(0, 14))
    console.log(
      `  ${c.name.padEnd(42)} ${fmt(c.ms / 1000, 2).padStart(7)} s ${fmt((100 * c.ms) / summary.totalMs, 1).padStart(5)} %`,
    );
  console.log('  top functions (self time):');
  for (const f of summary.functions)
    console.log(`    ${fmt(f.ms, 0).padStart(6)} ms  ${f.name}  ${f.where}`);
}

/** --profile: where the workers' time went, and the database's statements. */
export function printClarionProfile(result: ClarionResult): void {
  printProfile(result.profiles);
  console.log('\nPostgreSQL, pg_stat_statements (server execution time, this database):');
  for (const st of result.statements)
    console.log(
      `  ${fmt(st.totalMs, 0).padStart(7)} ms ${fmt(st.calls).padStart(7)} calls ${fmt(st.rows).padStart(8)} rows  ${st.statement.slice(0, 110)}`,
    );
}

/** The table of every contender's rate against each baseline, then Clarion against the targets. */
export function printSummary(results: ReadonlyMap<string, ReportedResult>): void {
  const columns: [string, string][] = [
    ['smtp-source', 'smtp-source -d'],
    ['nodemailer-pem', 'loop PEM'],
    ['nodemailer-key', 'loop key'],
    ['nodemailer-none', 'loop unsigned'],
  ];
  const present = columns.filter(([key]) => results.has(key));
  console.log(
    `\n| contender | messages | msgs/s | ${present.map(([, name]) => `÷ ${name}`).join(' | ')} |`,
  );
  console.log(`| --- | ---: | ---: |${present.map(() => ' ---: |').join('')}`);
  for (const result of results.values())
    console.log(
      `| ${result.label} | ${fmt(result.messages)} | ${fmt(rate(result))} | ${present
        .map(([key]) => (rate(result) / rate(results.get(key)!)).toFixed(2))
        .join(' | ')} |`,
    );
  // The targets: the loop of the same (signed) messages at its best, and the machine's limit.
  const loop = results.get('nodemailer-key');
  const unsigned = results.get('nodemailer-none');
  const source = results.get('smtp-source');
  for (const workers of [1, 2]) {
    const clarion = results.get(`clarion-${workers}`);
    if (!clarion) continue;
    const check = (name: string, base: Result | undefined, target: number) =>
      base
        ? `${(rate(clarion) / rate(base)).toFixed(2)} ${rate(clarion) / rate(base) >= target ? '≥' : '<'} ${target} × ${name}`
        : undefined;
    const checks = [
      check('signed loop', loop, TARGET_RATIO_NODEMAILER),
      check('unsigned loop', unsigned, TARGET_RATIO_NODEMAILER),
      check('smtp-source -d', source, TARGET_RATIO_SMTP_SOURCE),
    ].filter(Boolean);
    console.log(`Targets, ${workers} worker${workers > 1 ? 's' : ''}: ${checks.join('; ') || '–'}`);
  }
}
