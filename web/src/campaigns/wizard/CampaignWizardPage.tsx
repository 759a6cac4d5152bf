// /campaigns/new and /campaigns/:id/edit?step=…: the wizard. A new campaign is created as a draft
// from its properties; after that every step saves its part (PATCH) when you leave it, checked
// first against the server's schema, with the server's problems back at their fields.
import { Alert, Anchor, Button, Group, Stack, Stepper } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CampaignPatch } from '../../../../src/campaigns/model.ts';
import {
  getCampaign,
  getReview,
  patchCampaign,
  type Campaign,
  type CampaignPatch as Patch,
} from '../../api/campaigns.ts';
import { messageOf } from '../../api/client.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { formErrors, serverFieldErrors, withoutField } from '../../governance/fieldErrors.ts';
import { QueryState } from '../../ui/QueryState.tsx';
import {
  campaignKey,
  campaignListKey,
  campaignPage,
  editPage,
  STEP_LABELS,
  STEPS,
  type WizardStep,
} from '../labels.ts';
import { ActionStep } from './ActionStep.tsx';
import { Header, NewCampaign } from './NewCampaign.tsx';
import { AudienceStep } from './AudienceStep.tsx';
import { ContentStep } from './ContentStep.tsx';
import { PropertiesStep } from './PropertiesStep.tsx';
import { ReviewStep } from './ReviewStep.tsx';
import { ScheduleStep } from './ScheduleStep.tsx';
import type { StepProps } from './step.ts';

const stepOf = (value: string | null): WizardStep =>
  STEPS.find((step) => step === value) ?? 'properties';

export default function CampaignWizardPage() {
  const id = useParams().id;
  const { sandbox } = useSession();
  const campaign = useQuery({
    queryKey: campaignKey(sandbox, id ?? 'new'),
    queryFn: () => getCampaign(id ?? ''),
    enabled: id !== undefined,
  });
  if (id === undefined) return <NewCampaign />;
  if (campaign.isPending || campaign.isError)
    return <QueryState query={campaign} label="Loading the campaign" />;
  return <Wizard campaign={campaign.data} />;
}

function Wizard({ campaign }: { campaign: Campaign }) {
  const { can, sandbox } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const step = stepOf(params.get('step'));
  const index = STEPS.indexOf(step);
  const pending = useRef<(() => Patch | null) | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const readOnly = campaign.status !== 'draft' || !can('campaigns.write');

  const reviewKey = ['campaigns', sandbox, campaign.id, 'review', 'steps'];
  // What the server finds missing or wrong, to mark the steps that need attention.
  const review = useQuery({
    queryKey: reviewKey,
    queryFn: () => getReview(campaign.id),
    enabled: campaign.status === 'draft',
  });
  const needsWork = new Set(
    (review.data?.problems ?? [])
      .filter((problem) => problem.severity === 'error')
      .map((problem) => problem.step),
  );
  const save = useMutation({
    mutationFn: (patch: Patch) => patchCampaign(campaign.id, patch),
    onSuccess: async (saved) => {
      queryClient.setQueryData(campaignKey(sandbox, saved.id), saved);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: campaignListKey(sandbox) }),
        queryClient.invalidateQueries({ queryKey: reviewKey }),
      ]);
    },
  });

  /** Saves the step's edits, then opens another step; stays (showing why) when saving fails. */
  const go = async (target: WizardStep): Promise<boolean> => {
    const patch = readOnly ? null : (pending.current?.() ?? null);
    if (patch) {
      const found = formErrors(CampaignPatch, patch);
      if (Object.keys(found).length > 0) {
        setErrors(found);
        setGeneral(null);
        return false;
      }
      try {
        await save.mutateAsync(patch);
      } catch (error) {
        const fields = serverFieldErrors(error);
        setErrors(fields);
        setGeneral(Object.keys(fields).length > 0 ? null : messageOf(error));
        return false;
      }
    }
    setErrors({});
    setGeneral(null);
    pending.current = null;
    void navigate(editPage(campaign.id, target));
    window.scrollTo(0, 0);
    return true;
  };

  const props: StepProps = {
    campaign,
    errors,
    readOnly,
    bind: (next) => {
      pending.current = next;
    },
    clear: (path) => setErrors((current) => withoutField(current, path)),
  };
  // A step starts over from the stored campaign each time it is opened or saved.
  const key = `${step}-${campaign.updatedAt}`;
  const body = (() => {
    switch (step) {
      case 'properties':
        return <PropertiesStep key={key} {...props} />;
      case 'action':
        return <ActionStep key={key} {...props} />;
      case 'content':
        return <ContentStep key={key} {...props} />;
      case 'audience':
        return <AudienceStep key={key} {...props} />;
      case 'schedule':
        return <ScheduleStep key={key} {...props} />;
      case 'review':
        return <ReviewStep key={key} campaign={campaign} />;
    }
  })();
  const count = Object.keys(errors).length;

  return (
    <Stack gap="lg" maw={1100}>
      <Header campaign={campaign} />
      <Stepper
        active={index}
        size="sm"
        allowNextStepsSelect
        onStepClick={(at) => void go(STEPS[at] ?? 'properties')}
        aria-label="Steps"
      >
        {STEPS.map((item) => {
          const attention = item !== 'review' && needsWork.has(item);
          return (
            <Stepper.Step
              key={item}
              label={STEP_LABELS[item]}
              description={attention ? 'Needs attention' : undefined}
              color={attention ? 'orange' : undefined}
              completedIcon={attention ? <IconAlertTriangle size={18} /> : undefined}
              loading={save.isPending && item === step}
              data-attention={attention || undefined}
            />
          );
        })}
      </Stepper>
      {readOnly && (
        <Alert color="blue" variant="light">
          {campaign.status === 'draft'
            ? 'Your roles do not allow editing campaigns.'
            : 'Only drafts can be edited. '}
          {campaign.status !== 'draft' && (
            <Anchor component={Link} to={campaignPage(campaign.id)}>
              Open the campaign
            </Anchor>
          )}
        </Alert>
      )}
      {general && (
        <Alert color="red" role="alert" title="Not saved">
          {general}
        </Alert>
      )}
      {count > 0 && !general && (
        <Alert color="red" role="alert" title="Not saved">
          {count === 1 ? 'One field needs attention.' : `${count} fields need attention.`}
        </Alert>
      )}
      <Stack gap="lg">{body}</Stack>
      <Group justify="space-between">
        <Button
          variant="default"
          disabled={index === 0 || save.isPending}
          onClick={() => void go(STEPS[index - 1] ?? 'properties')}
        >
          Back
        </Button>
        <Group>
          <Button
            variant="subtle"
            disabled={save.isPending}
            onClick={() => {
              const patch = readOnly ? null : (pending.current?.() ?? null);
              if (!patch) {
                void navigate(campaignPage(campaign.id));
                return;
              }
              void go(step).then((saved) => saved && navigate(campaignPage(campaign.id)));
            }}
          >
            Save and close
          </Button>
          {step !== 'review' && (
            <Button loading={save.isPending} onClick={() => void go(STEPS[index + 1] ?? 'review')}>
              {readOnly ? 'Next' : 'Save and continue'}
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
