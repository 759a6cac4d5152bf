// What the campaign benchmark prints for each campaign: the wall time of its phases, the outcomes,
// the rates and CPU per sent message, and the ratio to smtp-source's target; and the small
// formatting helpers its other parts print with.
import { loadavg } from 'node:os';
import type { CampaignResult } from './campaign-run.ts';
import { cpuLine, fmt } from './send-cpu.ts';

/** Target from the product issue: overall msgs/s ≥ 0.5 × smtp-source -d into the same sink. */
const TARGET_RATIO_SMTP_SOURCE = 0.5;

export const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function printCampaign(result: CampaignResult, sourceRate: number, lanes: number): void {
  const rate = result.sent / (result.totalMs / 1000);
  const sendRate = result.sent / (result.sendMs / 1000);
  const share = (ms: number) => `${fmt((100 * ms) / result.totalMs, 1)} %`;
  console.log(`\nCampaign, ${result.workers} worker process(es) × ${lanes} lanes:`);
  console.log(`| phase | wall time | share |`);
  console.log(`| --- | ---: | ---: |`);
  console.log(
    `| activation (activateCampaign) | ${seconds(result.activationMs)} | ${share(result.activationMs)} |`,
  );
  console.log(
    `| audience snapshot (${fmt(result.members)} members; took_ms ${fmt(result.snapshotTookMs)}) | ${seconds(result.snapshotMs)} | ${share(result.snapshotMs)} |`,
  );
  console.log(
    `| exclusions + planning (message rows, batches) | ${seconds(result.planningMs)} | ${share(result.planningMs)} |`,
  );
  console.log(
    `| render + send (${fmt(result.sent)} messages) | ${seconds(result.sendMs)} | ${share(result.sendMs)} |`,
  );
  console.log(`| **total, activation → completed** | ${seconds(result.totalMs)} | 100 % |`);
  console.log(
    `Outcomes: ${result.outcomes.map((o) => `${o.status}${o.reason ? ` ${o.reason}` : ''} ${fmt(o.n)}`).join(', ')}`,
  );
  console.log(`Overall: ${fmt(rate)} msgs/s; send phase alone: ${fmt(sendRate)} msgs/s`);
  console.log(`  CPU: ${cpuLine(result.cpu, result.totalMs / 1000)}`);
  for (const [role, cpuSeconds] of result.cpu)
    if (cpuSeconds >= 0.05)
      console.log(`    ${role}: ${fmt((1000 * cpuSeconds) / result.sent, 3)} ms per sent message`);
  const ratio = rate / sourceRate;
  console.log(
    `Target: ${ratio.toFixed(3)} ${ratio >= TARGET_RATIO_SMTP_SOURCE ? '≥' : '<'} ${TARGET_RATIO_SMTP_SOURCE} × smtp-source -d ` +
      `(${fmt(rate)} ÷ ${fmt(sourceRate)} msgs/s); send phase alone ${(sendRate / sourceRate).toFixed(3)} ×`,
  );
}
