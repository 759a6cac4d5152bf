// The campaign's actions as mutations: save the drawn definition, test-run, publish, pause,
// resume, stop, confirm or retry a task, delete the draft, new version; each refreshes what it
// changes and says how it went.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { WorkflowDefinition } from '../../../src/orchestration/model.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import {
  AREA,
  campaignAction,
  campaignKey,
  campaignPage,
  copyCampaign,
  deleteCampaign,
  listKey,
  patchCampaign,
  taskAction,
  type CampaignAction,
} from './api.ts';
import { runsKey } from './run/useCampaignRun.ts';

const DONE: Record<CampaignAction, string> = {
  publish: 'The campaign is published.',
  pause: 'The campaign is paused.',
  resume: 'The campaign goes on.',
  stop: 'The campaign is stopped.',
  close: 'The campaign is closed.',
  archive: 'The campaign is archived.',
  'test-run': 'The test run has started: nothing is sent, audiences are not saved.',
};

export function useCampaignActions(
  campaignId: string,
  saved: (definition: WorkflowDefinition) => void,
) {
  const { sandbox } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: campaignKey(sandbox, campaignId) });
    void client.invalidateQueries({ queryKey: runsKey(sandbox, campaignId) });
    void client.invalidateQueries({ queryKey: listKey(sandbox) });
  };

  const save = useMutation({
    mutationFn: (definition: WorkflowDefinition) => patchCampaign(campaignId, { definition }),
    onSuccess: (campaign, definition) => {
      saved(definition);
      client.setQueryData(campaignKey(sandbox, campaignId), campaign);
    },
    onError: (error) => notifyFailure('Could not save the workflow', error),
  });

  const act = useMutation({
    mutationFn: (action: CampaignAction) => campaignAction(campaignId, action),
    onSuccess: (_, action) => {
      notifySuccess(DONE[action]);
      refresh();
    },
    onError: (error) => notifyFailure('That did not work', error),
  });

  const task = useMutation({
    mutationFn: (request: { activityId: string; runId: string; verb: 'confirm' | 'retry' }) =>
      taskAction(campaignId, request.runId, request.activityId, request.verb),
    onSuccess: (_, request) => {
      notifySuccess(request.verb === 'confirm' ? 'Sending confirmed.' : 'The activity runs again.');
      refresh();
    },
    onError: (error) => notifyFailure('That did not work', error),
  });

  const remove = useMutation({
    mutationFn: () => deleteCampaign(campaignId),
    onSuccess: () => {
      notifySuccess('The draft is deleted.');
      void client.invalidateQueries({ queryKey: listKey(sandbox) });
      void navigate(AREA);
    },
    onError: (error) => notifyFailure('Could not delete the draft', error),
  });

  const copy = useMutation({
    mutationFn: (kind: 'duplicate' | 'new-version') => copyCampaign(campaignId, kind),
    onSuccess: (campaign) => {
      void client.invalidateQueries({ queryKey: listKey(sandbox) });
      void navigate(campaignPage(campaign.id));
    },
    onError: (error) => notifyFailure('Could not copy the campaign', error),
  });

  return { save, act, task, remove, copy, refresh };
}
