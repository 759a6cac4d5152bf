// Step 2: the one action — a channel and an active configuration of the campaign's category.
import { Alert, Anchor, Input, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Channel } from '../../api/channels.ts';
import { listConfigurations } from '../../api/channels.ts';
import { useSession } from '../../auth/session.ts';
import { CATEGORY_LABELS, providerSummary } from '../../channels/labels.ts';
import { Section } from '../../channels/FormParts.tsx';
import { errorUnder } from '../../governance/fieldErrors.ts';
import { CHANNEL_OPTIONS, isChannel } from '../../governance/inputs.tsx';
import { changed, usePending, type StepProps } from './step.ts';

export function ActionStep({ campaign, errors, readOnly, bind, clear }: StepProps) {
  const { sandbox } = useSession();
  const [channel, setChannel] = useState<Channel>(campaign.action?.channel ?? 'email');
  const [configurationId, setConfigurationId] = useState<string | null>(
    campaign.action?.configurationId ?? null,
  );
  const configurations = useQuery({
    queryKey: ['channel-configurations', sandbox, 'list', 'active', channel],
    queryFn: () => listConfigurations({ channel, status: 'active', q: '' }, undefined),
  });
  const usable = (configurations.data?.items ?? []).filter(
    (item) => item.category === campaign.category,
  );
  const channelChanged = campaign.action !== null && campaign.action.channel !== channel;
  usePending(bind, () => {
    const action = configurationId ? { channel, configurationId } : null;
    const patch = changed('action', campaign.action, action);
    // Content belongs to one channel: another channel starts it over.
    return patch && channelChanged && campaign.content ? { ...patch, content: null } : patch;
  });

  return (
    <Section
      title="Action"
      description={`One channel, sent through an active ${CATEGORY_LABELS[campaign.category].toLowerCase()} configuration.`}
    >
      <Stack gap="md">
        <Input.Wrapper label="Channel" labelElement="div">
          <div>
            <SegmentedControl
              mt={4}
              aria-label="Channel"
              disabled={readOnly}
              data={CHANNEL_OPTIONS}
              value={channel}
              onChange={(next) => {
                if (!isChannel(next)) return;
                setChannel(next);
                setConfigurationId(
                  next === campaign.action?.channel ? campaign.action.configurationId : null,
                );
                clear('/action');
              }}
            />
          </div>
        </Input.Wrapper>
        {channelChanged && campaign.content && (
          <Alert color="yellow" variant="light">
            The content was written for another channel; it is cleared when you continue.
          </Alert>
        )}
        <Select
          label="Configuration"
          required
          placeholder={configurations.isPending ? 'Loading…' : 'Choose a configuration'}
          data={usable.map((item) => ({
            value: item.id,
            label: `${item.name} — ${providerSummary(item)}`,
          }))}
          value={configurationId}
          error={
            errorUnder(errors, '/action') ??
            (configurations.isError ? 'Could not load the configurations' : undefined)
          }
          readOnly={readOnly}
          onChange={(next) => {
            setConfigurationId(next);
            clear('/action');
          }}
          nothingFoundMessage="No active configuration"
        />
        {configurations.isSuccess && usable.length === 0 && (
          <Text size="sm" c="dimmed">
            {`There is no active ${CATEGORY_LABELS[campaign.category].toLowerCase()} configuration for this channel. `}
            <Anchor component={Link} to="/channels/configurations">
              Set one up
            </Anchor>
            .
          </Text>
        )}
      </Stack>
    </Section>
  );
}
