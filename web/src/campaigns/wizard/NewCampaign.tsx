// The first step of a new campaign: its category (fixed from then on) and properties; creating
// the draft opens the next step.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { CampaignCreate } from '../../../../src/campaigns/model.ts';
import { createCampaign, type Campaign } from '../../api/campaigns.ts';
import { messageOf } from '../../api/client.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { Section } from '../../channels/FormParts.tsx';
import { formErrors, serverFieldErrors, withoutField } from '../../governance/fieldErrors.ts';
import { notifySuccess } from '../../ui/notify.ts';
import { CampaignStatusBadge } from '../CampaignStatusBadge.tsx';
import {
  campaignKey,
  campaignListKey,
  campaignPage,
  editPage,
  STEP_LABELS,
  STEPS,
} from '../labels.ts';
import { CategoryField, PropertiesFields } from './PropertiesStep.tsx';

export function Header({ campaign }: { campaign: Campaign | undefined }) {
  return (
    <Stack gap="xs">
      <Breadcrumbs>
        <Anchor component={Link} to="/campaigns/action" size="sm">
          Action campaigns
        </Anchor>
        {campaign ? (
          <Anchor component={Link} to={campaignPage(campaign.id)} size="sm">
            {campaign.name}
          </Anchor>
        ) : (
          <Text size="sm">New</Text>
        )}
      </Breadcrumbs>
      <Group gap="sm">
        <Title order={2}>{campaign ? `Edit ${campaign.name}` : 'New action campaign'}</Title>
        {campaign && <CampaignStatusBadge status={campaign.status} />}
      </Group>
    </Stack>
  );
}

export function NewCampaign() {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [category, setCategory] = useState<'marketing' | 'transactional'>('marketing');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createCampaign,
    onSuccess: async (campaign) => {
      queryClient.setQueryData(campaignKey(sandbox, campaign.id), campaign);
      await queryClient.invalidateQueries({ queryKey: campaignListKey(sandbox) });
      notifySuccess(`${campaign.name} was created as a draft.`);
      void navigate(editPage(campaign.id, 'action'), { replace: true });
    },
    onError: (error) => {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      setGeneral(Object.keys(fields).length > 0 ? null : messageOf(error));
    },
  });
  const submit = () => {
    const body = { type: 'scheduled' as const, category, name, description, tags };
    const found = formErrors(CampaignCreate, body);
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate(body);
  };
  return (
    <Stack gap="lg" maw={1100}>
      <Header campaign={undefined} />
      <Stepper active={0} size="sm" aria-label="Steps">
        {STEPS.map((step) => (
          <Stepper.Step key={step} label={STEP_LABELS[step]} />
        ))}
      </Stepper>
      {general && (
        <Alert color="red" role="alert" title="That did not work">
          {general}
        </Alert>
      )}
      <Section title="Properties">
        <CategoryField value={category} onChange={setCategory} />
        <PropertiesFields
          name={name}
          description={description}
          tags={tags}
          errors={errors}
          readOnly={false}
          onName={(next) => {
            setName(next);
            setErrors((current) => withoutField(current, '/name'));
          }}
          onDescription={setDescription}
          onTags={setTags}
        />
      </Section>
      <Group justify="flex-end">
        <Button variant="default" component={Link} to="/campaigns/action">
          Cancel
        </Button>
        <Button loading={create.isPending} onClick={submit}>
          Create draft and continue
        </Button>
      </Group>
    </Stack>
  );
}
