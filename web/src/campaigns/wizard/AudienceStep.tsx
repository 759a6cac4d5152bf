// Step 4: who receives it — an audience and the identity namespace the campaign addresses them by,
// with the audience's current count.
import { Anchor, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { countAudience } from '../../api/audiences.ts';
import { listNamespaces } from '../../api/profiles.ts';
import { useSession } from '../../auth/session.ts';
import { Pair, Section } from '../../channels/FormParts.tsx';
import { useAudienceOptions } from './audienceOptions.ts';
import { changed, usePending, type StepProps } from './step.ts';

const DEFAULT_NAMESPACE = { email: 'email', sms: 'phone', push: 'ecid' } as const;

export function AudienceStep({ campaign, errors, readOnly, bind, clear }: StepProps) {
  const { sandbox } = useSession();
  const audiences = useAudienceOptions();
  const [audienceId, setAudienceId] = useState<string | null>(
    campaign.audience?.audienceId ?? null,
  );
  const [namespace, setNamespace] = useState<string>(
    campaign.audience?.namespace ?? DEFAULT_NAMESPACE[campaign.action?.channel ?? 'email'],
  );
  const namespaces = useQuery({
    queryKey: ['identity-namespaces', sandbox],
    queryFn: listNamespaces,
  });
  const count = useQuery({
    queryKey: ['audiences', sandbox, audienceId, 'count'],
    queryFn: () => countAudience(audienceId ?? ''),
    enabled: audienceId !== null,
  });
  usePending(bind, () =>
    changed('audience', campaign.audience, audienceId ? { audienceId, namespace } : null),
  );
  return (
    <Section
      title="Audience"
      description="A snapshot of the audience is taken when each run starts."
    >
      <Stack gap="md">
        <Pair>
          <Select
            label="Audience"
            required
            searchable
            data={audiences.options}
            placeholder={audiences.loading ? 'Loading…' : 'Choose an audience'}
            value={audienceId}
            error={errors['/audience/audienceId'] ?? errors['/audience']}
            readOnly={readOnly}
            onChange={(id) => {
              setAudienceId(id);
              clear('/audience');
            }}
            nothingFoundMessage="No audience"
          />
          <Select
            label="Identity namespace"
            description="Whom the campaign addresses each profile by"
            data={(namespaces.data?.items ?? [{ code: namespace, title: namespace }]).map(
              (item) => ({ value: item.code, label: `${item.title} (${item.code})` }),
            )}
            value={namespace}
            allowDeselect={false}
            error={errors['/audience/namespace']}
            readOnly={readOnly}
            onChange={(code) => {
              if (code) setNamespace(code);
              clear('/audience');
            }}
          />
        </Pair>
        {audienceId && (
          <Group gap="xs" aria-live="polite">
            {count.isPending ? (
              <Loader size="xs" aria-label="Counting" />
            ) : count.isError ? (
              <Text size="sm" c="red">
                The audience could not be counted.
              </Text>
            ) : (
              <Text size="sm" data-testid="audience-count">
                <b>{count.data.count.toLocaleString('en')}</b>{' '}
                {count.data.count === 1 ? 'profile' : 'profiles'} in the audience now
              </Text>
            )}
            <Anchor component={Link} to={`/audiences/${audienceId}`} size="sm" target="_blank">
              Open the audience
            </Anchor>
          </Group>
        )}
      </Stack>
    </Section>
  );
}
