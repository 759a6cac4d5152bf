// The lifecycle actions of a campaign as one mutation: run the verb, refresh what it changed,
// say what happened, and open the new draft that duplicate and modify make.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import {
  campaignAction,
  deleteCampaign,
  type Campaign,
  type LifecycleVerb,
} from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import {
  approvalsKey,
  campaignKey,
  campaignListKey,
  campaignPage,
  editPage,
  STATUS_LOOK,
} from './labels.ts';

export type CampaignVerb = LifecycleVerb | 'delete';

const DONE: Record<CampaignVerb, (campaign: Campaign) => string> = {
  activate: (c) => `${c.name} is ${STATUS_LOOK[c.status].label.toLowerCase()}.`,
  'request-approval': (c) => `${c.name} was sent for approval; it is locked until then.`,
  'cancel-approval': (c) => `The approval request for ${c.name} was withdrawn.`,
  approve: (c) => `${c.name} was approved and is ${STATUS_LOOK[c.status].label.toLowerCase()}.`,
  'request-changes': (c) => `${c.name} went back to its author as a draft.`,
  stop: (c) => `${c.name} was stopped; nothing more is sent.`,
  archive: (c) => `${c.name} was archived.`,
  duplicate: (c) => `${c.name} was created as a draft.`,
  modify: (c) => `Version ${c.version} of ${c.name} was created as a draft.`,
  delete: (c) => `${c.name} was deleted.`,
};

const FAILED: Record<CampaignVerb, string> = {
  activate: 'Could not activate the campaign',
  'request-approval': 'Could not request approval',
  'cancel-approval': 'Could not withdraw the request',
  approve: 'Could not approve the campaign',
  'request-changes': 'Could not send the campaign back',
  stop: 'Could not stop the campaign',
  archive: 'Could not archive the campaign',
  duplicate: 'Could not duplicate the campaign',
  modify: 'Could not make a new version',
  delete: 'Could not delete the campaign',
};

export function useCampaignActions(onFailure?: (verb: CampaignVerb, error: unknown) => void) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async ({
      campaign,
      verb,
      message,
    }: {
      campaign: Campaign;
      verb: CampaignVerb;
      message?: string;
    }): Promise<Campaign> => {
      if (verb === 'delete') {
        await deleteCampaign(campaign.id);
        return campaign;
      }
      return campaignAction(campaign.id, verb, message === undefined ? undefined : { message });
    },
    onSuccess: async (result, { campaign, verb }) => {
      if (verb === 'delete')
        queryClient.removeQueries({ queryKey: campaignKey(sandbox, campaign.id) });
      else queryClient.setQueryData(campaignKey(sandbox, result.id), result);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['campaigns', sandbox] }),
        queryClient.invalidateQueries({ queryKey: campaignListKey(sandbox) }),
        queryClient.invalidateQueries({ queryKey: approvalsKey(sandbox) }),
      ]);
      notifySuccess(DONE[verb](result));
      if (verb === 'delete') void navigate('/campaigns/action');
      else if (verb === 'duplicate' || verb === 'modify') void navigate(editPage(result.id));
      else if (verb === 'activate' || verb === 'request-approval')
        void navigate(campaignPage(result.id));
    },
    onError: (error, { verb }) => {
      if (onFailure) onFailure(verb, error);
      else notifyFailure(FAILED[verb], error);
    },
  });
}
