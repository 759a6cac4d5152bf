// What the engine asks of the campaign service: signals from End activities, the status of a
// campaign when a run finishes or fails too often, and the tick's due launches. Pass
// `orchestrationHooks` as `hooks` in the engine's deps.
import { transitionCall, systemCall } from './call.ts';
import type { EngineDeps, EngineHooks } from './engine/index.ts';
import { completeFinished, launchDueCampaigns } from './launch.ts';
import { transitionOrchestrated } from './lifecycle.ts';
import { getCampaignRow } from './store.ts';
import { signalCampaign } from './trigger.ts';

async function suspendCampaign(
  deps: EngineDeps,
  request: { sandboxId: string; campaignId: string; reason: string },
): Promise<void> {
  const call = systemCall(deps, request.sandboxId);
  const now = deps.clock.now();
  await call.db.transaction().execute(async (tx) => {
    const row = await getCampaignRow(tx, request.sandboxId, request.campaignId, {
      forUpdate: true,
    });
    if (!['live', 'scheduled'].includes(row.status) || row.paused) return;
    await transitionOrchestrated(tx, transitionCall(call, now), row, 'suspend', {
      details: { reason: request.reason },
    });
  });
}

export const orchestrationHooks: EngineHooks = {
  signalCampaign,
  suspendCampaign,
  launchDueCampaigns,
  async runFinished(deps, run) {
    if (run.mode === 'live')
      await completeFinished(deps, { sandboxId: run.sandboxId, campaignId: run.campaignId });
  },
};
