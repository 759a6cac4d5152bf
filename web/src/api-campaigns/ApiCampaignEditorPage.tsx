// /campaigns/api-triggered/new and /:id/edit: an API-triggered campaign's draft on one page —
// properties, action, content, optional audience and how it may be called — saved as a draft
// (created on the first save, then patched), with the review's problems linked to their fields
// and "Activate" or "Request approval" as the user's roles allow.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  Input,
} from '@mantine/core';
import { IconBolt, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  campaignAction,
  createCampaign,
  getCampaign,
  getReview,
  patchCampaign,
  type Campaign,
  type ReviewProblem,
} from '../api/campaigns.ts';
import { allAudiences } from '../api/audiences.ts';
import { listConfigurations } from '../api/channels.ts';
import { serverErrors, type FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import {
  MessageEditor,
  problemsUnder,
  starterMessage,
} from '../campaigns/wizard/MessageEditor.tsx';
import { Section } from '../channels/FormParts.tsx';
import { CATEGORY_LABELS, providerSummary } from '../channels/labels.ts';
import { CHANNEL_OPTIONS, isChannel } from '../governance/inputs.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { AREA, apiCampaignEdit, apiCampaignPage, apiCampaignsKey } from './api.ts';
import { draftOf, FIELDS, patchOf, SECTIONS, type Draft } from './draft.ts';
import { ReviewPanel } from './ReviewPanel.tsx';
import { TriggerSection } from './TriggerSection.tsx';

export function ApiCampaignEditorPage() {
  const id = useParams().id;
  const { sandbox } = useSession();
  const campaign = useQuery({
    queryKey: ['campaigns', sandbox, id ?? 'new'],
    queryFn: () => getCampaign(id ?? ''),
    enabled: id !== undefined,
  });
  if (id !== undefined && (campaign.isPending || campaign.isError))
    return <QueryState query={campaign} label="Loading the campaign" />;
  return <Editor key={id ?? 'new'} campaign={campaign.data} />;
}

function Editor({ campaign }: { campaign: Campaign | undefined }) {
  const { sandbox, can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(campaign));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const readOnly = campaign !== undefined && campaign.status !== 'draft';
  const write = can('campaigns.write') && !readOnly;
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const configurations = useQuery({
    queryKey: ['channel-configurations', sandbox, 'list', 'active', draft.channel],
    queryFn: () =>
      listConfigurations({ channel: draft.channel, status: 'active', q: '' }, undefined),
  });
  const usable = (configurations.data?.items ?? []).filter(
    (item) => item.category === draft.category,
  );
  const audiences = useQuery({
    queryKey: ['audiences', sandbox, 'all'],
    queryFn: allAudiences,
  });
  const review = useQuery({
    queryKey: ['campaigns', sandbox, campaign?.id, 'review'],
    queryFn: () => getReview(campaign?.id ?? ''),
    enabled: campaign !== undefined,
    gcTime: 0,
    staleTime: 0,
  });

  // What the server holds, as the form wrote it; a draft differing from it is saved as you go.
  const savedAs = useRef(JSON.stringify(patchOf(draftOf(campaign))));
  const save = useMutation({
    mutationFn: async (): Promise<Campaign> => {
      const patch = patchOf(draft);
      if (campaign) {
        const saved = await patchCampaign(campaign.id, patch);
        savedAs.current = JSON.stringify(patch);
        return saved;
      }
      return createCampaign({
        type: 'api',
        category: draft.category,
        name: patch.name ?? '',
        ...patch,
      });
    },
    onSuccess: async (saved) => {
      setErrors({});
      setGeneral(null);
      queryClient.setQueryData(['campaigns', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: apiCampaignsKey(sandbox) });
      if (!campaign) void navigate(apiCampaignEdit(saved.id), { replace: true });
      else await review.refetch();
    },
    onError: (error) => {
      const found = serverErrors(error, FIELDS);
      setErrors(found.fields);
      setGeneral(found.general);
    },
  });
  const [settled] = useDebouncedValue(draft, 1500);
  const unsaved = campaign !== undefined && JSON.stringify(patchOf(draft)) !== savedAs.current;
  useEffect(() => {
    if (!campaign || campaign.status !== 'draft' || !can('campaigns.write')) return;
    if (JSON.stringify(patchOf(settled)) === savedAs.current || save.isPending) return;
    save.mutate();
  }, [settled]); // Only a settled change saves.
  const act = useMutation({
    mutationFn: async (verb: 'activate' | 'request-approval') => {
      if (!campaign) throw new Error('Save the draft first.');
      await save.mutateAsync();
      return campaignAction(campaign.id, verb);
    },
    onSuccess: async (result, verb) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns', sandbox] });
      notifySuccess(
        verb === 'activate'
          ? `${result.name} is live: it can be called now.`
          : `${result.name} was sent for approval; it is locked until then.`,
      );
      void navigate(apiCampaignPage(result.id));
    },
    onError: (error, verb) =>
      notifyFailure(
        verb === 'activate' ? 'Could not activate the campaign' : 'Could not request approval',
        error,
      ),
  });

  const problems = review.data?.problems ?? [];
  const blocking = problems.filter((problem) => problem.severity === 'error');
  const approvalRequired = review.data?.approvalRequired ?? false;
  const mayActivate = can('campaigns.activate') && !approvalRequired;
  const mayRequest = can('campaigns.write') && (approvalRequired || !can('campaigns.activate'));
  const jump = (step: ReviewProblem['step']) =>
    document
      .getElementById(SECTIONS[step].id)
      ?.scrollIntoView({ behavior: 'smooth', block: 'start' });

  return (
    <Stack gap="lg" maw={1000}>
      <Breadcrumbs>
        <Anchor component={Link} to={AREA} size="sm">
          API-triggered campaigns
        </Anchor>
        {campaign ? (
          <Anchor component={Link} to={apiCampaignPage(campaign.id)} size="sm">
            {campaign.name}
          </Anchor>
        ) : (
          <Text size="sm">New</Text>
        )}
      </Breadcrumbs>
      <Title order={2}>{campaign ? `Edit ${campaign.name}` : 'New API-triggered campaign'}</Title>
      {readOnly && (
        <Alert color="blue" variant="light">
          Only drafts can be edited; this campaign is shown as it is.
        </Alert>
      )}

      <div id={SECTIONS.properties.id}>
        <Section title="Properties">
          <TextInput
            label="Name"
            required
            value={draft.name}
            error={errors['/name']}
            readOnly={!write}
            onChange={(event) => set({ name: event.currentTarget.value })}
          />
          <Input.Wrapper label="Category" labelElement="div">
            <div>
              <SegmentedControl
                mt={4}
                aria-label="Category"
                disabled={!write || campaign !== undefined}
                data={[
                  { value: 'transactional', label: CATEGORY_LABELS.transactional },
                  { value: 'marketing', label: CATEGORY_LABELS.marketing },
                ]}
                value={draft.category}
                onChange={(value) =>
                  set({
                    category: value === 'marketing' ? 'marketing' : 'transactional',
                    configurationId: null,
                  })
                }
              />
            </div>
          </Input.Wrapper>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={draft.description}
            error={errors['/description']}
            readOnly={!write}
            onChange={(event) => set({ description: event.currentTarget.value })}
          />
          <TagsInput
            label="Tags"
            value={draft.tags}
            readOnly={!write}
            error={errors['/tags']}
            onChange={(tags) => set({ tags })}
          />
        </Section>
      </div>

      <div id={SECTIONS.action.id}>
        <Section
          title="Action"
          description={`One channel, sent through an active ${CATEGORY_LABELS[draft.category].toLowerCase()} configuration.`}
        >
          <Input.Wrapper label="Channel" labelElement="div">
            <div>
              <SegmentedControl
                mt={4}
                aria-label="Channel"
                disabled={!write}
                data={CHANNEL_OPTIONS}
                value={draft.channel}
                onChange={(next) => {
                  if (!isChannel(next) || next === draft.channel) return;
                  set({ channel: next, configurationId: null, content: starterMessage(next) });
                }}
              />
            </div>
          </Input.Wrapper>
          <Select
            label="Configuration"
            required
            placeholder={configurations.isPending ? 'Loading…' : 'Choose a configuration'}
            data={usable.map((item) => ({
              value: item.id,
              label: `${item.name} — ${providerSummary(item)}`,
            }))}
            value={draft.configurationId}
            error={errors['/action'] ?? errors['/action/configurationId']}
            readOnly={!write}
            onChange={(configurationId) => set({ configurationId })}
            nothingFoundMessage="No active configuration"
          />
          {configurations.isSuccess && usable.length === 0 && (
            <Text size="sm" c="dimmed">
              {`There is no active ${CATEGORY_LABELS[draft.category].toLowerCase()} configuration for this channel. `}
              <Anchor component={Link} to="/channels/configurations">
                Set one up
              </Anchor>
              .
            </Text>
          )}
        </Section>
      </div>

      <div id={SECTIONS.content.id}>
        <Section
          title="Content"
          description="Use {{context.…}} for what each call sends (an order, a code); {{#each context.items}} for lists. Profile fields work for known people."
        >
          <MessageEditor
            channel={draft.channel}
            content={draft.content ?? starterMessage(draft.channel)}
            onChange={(content) => set({ content })}
            problems={problemsUnder(errors, '/content/content')}
            label="Message"
          />
        </Section>
      </div>

      <div id={SECTIONS.audience.id}>
        <Section
          title="Audience"
          description="Optional: only for calls that target an audience (POST /im/executions/audience)."
        >
          <Group align="flex-start" grow>
            <Select
              label="Audience"
              placeholder={audiences.isPending ? 'Loading…' : 'None'}
              data={(audiences.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
              value={draft.audienceId}
              clearable
              searchable
              readOnly={!write}
              error={errors['/audience']}
              onChange={(audienceId) => set({ audienceId })}
            />
            <TextInput
              label="Identity namespace"
              description="How the audience's people are addressed"
              value={draft.namespace}
              disabled={!draft.audienceId}
              readOnly={!write}
              error={errors['/audience/namespace']}
              onChange={(event) => set({ namespace: event.currentTarget.value })}
            />
          </Group>
        </Section>
      </div>

      <TriggerSection draft={draft} set={set} write={write} errors={errors} />

      {general && (
        <Alert color="red" variant="light" title="Could not save">
          {general}
        </Alert>
      )}

      {campaign && !readOnly && (
        <ReviewPanel
          pending={review.isPending}
          problems={problems}
          blocking={blocking.length}
          approvalRequired={approvalRequired}
          policies={review.data?.policies ?? []}
          onFix={jump}
        />
      )}

      {write && (
        <Group justify="flex-end">
          {campaign && (
            <Text size="sm" c="dimmed" aria-live="polite" mr="auto">
              {save.isPending
                ? 'Saving…'
                : save.isError
                  ? 'Not saved: fix the fields above.'
                  : unsaved
                    ? 'Unsaved changes'
                    : 'All changes saved'}
            </Text>
          )}
          <Button
            variant={campaign ? 'default' : 'filled'}
            loading={save.isPending && !act.isPending}
            onClick={() => save.mutate()}
          >
            {campaign ? 'Save draft' : 'Create draft'}
          </Button>
          {campaign && mayActivate && (
            <Button
              leftSection={<IconBolt size={16} />}
              disabled={blocking.length > 0 || review.isPending}
              loading={act.isPending}
              onClick={() => act.mutate('activate')}
            >
              Activate
            </Button>
          )}
          {campaign && mayRequest && (
            <Button
              leftSection={<IconSend size={16} />}
              disabled={blocking.length > 0 || review.isPending}
              loading={act.isPending}
              onClick={() => act.mutate('request-approval')}
            >
              Request approval
            </Button>
          )}
          {campaign && !mayActivate && !mayRequest && (
            <Text size="sm" c="dimmed">
              Your roles do not allow activating campaigns.
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
