// Send a proof: the content as it is in the editor, through an active configuration of its
// channel, to up to ten addresses, rendered for chosen test profiles; each address's outcome
// is listed, and the server's objections shown at their fields.
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EMAIL_PATTERN } from '../../../src/platform/model.ts';
import { listConfigurations } from '../api/channels.ts';
import { ApiError, messageOf } from '../api/client.ts';
import type { ChannelContent } from '../api/content.ts';
import { MAX_PROOF_ADDRESSES, sendProof, type ProofDelivery } from '../api/proofs.ts';
import { useSession } from '../auth/session.ts';
import { profileLabel, useTestProfiles } from './PreviewSourcePicker.tsx';

type Channel = ChannelContent['channel'];

const EMAIL = new RegExp(EMAIL_PATTERN);
const E164 = /^\+[1-9]\d{6,14}$/;

const ADDRESS_LABELS: Record<Channel, { label: string; description: string }> = {
  email: { label: 'Email addresses', description: 'Up to 10; press Enter after each.' },
  sms: { label: 'Phone numbers', description: 'E.164 form (+4915112345678), up to 10.' },
  push: { label: 'Device tokens', description: 'Up to 10 push tokens of the app.' },
};

function addressProblem(channel: Channel, address: string): string | null {
  if (channel === 'email' && !EMAIL.test(address)) return `${address} is not an email address`;
  if (channel === 'sms' && !E164.test(address))
    return `${address} is not a phone number in E.164 form (+ and 7–15 digits)`;
  return null;
}

/** Where a server field error belongs in this form. */
function fieldOf(path: string): 'configuration' | 'addresses' | 'profiles' | null {
  if (path === '/configurationId' || path === '/content/channel') return 'configuration';
  if (path.startsWith('/addresses')) return 'addresses';
  if (path.startsWith('/profileIds')) return 'profiles';
  return null;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export interface ProofModalProps {
  opened: boolean;
  onClose: () => void;
  content: ChannelContent;
  /** The test profile picked for the preview, proposed for the proof. */
  profileId: string | undefined;
  context: Record<string, unknown> | undefined;
}

export function ProofModal(props: ProofModalProps) {
  const [round, setRound] = useState(0);
  const close = () => {
    props.onClose();
    setRound((n) => n + 1);
  };
  return (
    <Modal opened={props.opened} onClose={close} title="Send a proof" size="lg">
      <ProofForm key={round} {...props} onClose={close} />
    </Modal>
  );
}

function ProofForm({ onClose, content, profileId, context }: ProofModalProps) {
  const { sandbox } = useSession();
  const channel = content.channel;
  const configurations = useQuery({
    queryKey: ['channel-configurations', sandbox, 'active', channel],
    queryFn: () => listConfigurations({ channel, status: 'active', q: '' }, undefined),
  });
  const testProfiles = useTestProfiles();
  const profileOptions = useMemo(
    () =>
      (testProfiles.data?.items ?? []).map((profile) => ({
        value: profile.id,
        label: profileLabel(profile),
      })),
    [testProfiles.data],
  );
  const [configurationId, setConfigurationId] = useState<string | null>(null);
  const [addresses, setAddresses] = useState<string[]>([]);
  const [profileIds, setProfileIds] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [results, setResults] = useState<ProofDelivery[] | null>(null);

  const configurationOptions = (configurations.data?.items ?? []).map((c) => ({
    value: c.id,
    label: c.name,
  }));
  const chosenConfiguration = configurationId ?? configurationOptions[0]?.value ?? null;
  const isTestProfile = profileOptions.some((o) => o.value === profileId);
  const chosenProfiles = profileIds ?? (profileId && isTestProfile ? [profileId] : []);
  const labelOf = (id: string | null) =>
    profileOptions.find((o) => o.value === id)?.label ?? (id ? id : '');

  const send = useMutation({
    mutationFn: () =>
      sendProof({
        configurationId: chosenConfiguration ?? '',
        content,
        addresses,
        ...(chosenProfiles.length ? { profileIds: chosenProfiles } : {}),
        ...(context ? { context } : {}),
      }),
    onSuccess: (result) => setResults(result.results),
    onError: (error) => {
      const placed: Record<string, string> = {};
      if (error instanceof ApiError) {
        for (const detail of error.fieldErrors) {
          const field = fieldOf(detail.path);
          if (field) placed[field] ??= sentence(detail.message);
        }
        if (error.code === 'CHANNEL_CONFIG_STATUS') placed.configuration ??= error.message;
      }
      setErrors(placed);
      const unplaced =
        error instanceof ApiError ? error.fieldErrors.filter((d) => !fieldOf(d.path)) : [];
      setGeneral(Object.keys(placed).length > 0 && unplaced.length === 0 ? null : messageOf(error));
    },
  });

  const submit = () => {
    const found: Record<string, string> = {};
    if (!chosenConfiguration) found.configuration = 'Choose an active configuration';
    if (addresses.length === 0) found.addresses = 'Add at least one address';
    else if (addresses.length > MAX_PROOF_ADDRESSES)
      found.addresses = `At most ${MAX_PROOF_ADDRESSES} addresses`;
    else {
      const problem = addresses.map((a) => addressProblem(channel, a)).find((p) => p !== null);
      if (problem) found.addresses = problem;
    }
    setErrors(found);
    setGeneral(null);
    setResults(null);
    if (Object.keys(found).length === 0) send.mutate();
  };

  const noConfiguration = configurations.isSuccess && configurationOptions.length === 0;
  const sent = results?.filter((r) => r.status === 'sent').length ?? 0;
  return (
    <Stack gap="sm">
      <Select
        label="Configuration"
        description={`An active ${channel === 'sms' ? 'SMS' : channel} configuration sends the proof.`}
        placeholder={noConfiguration ? 'No active configuration' : 'Choose a configuration'}
        data={configurationOptions}
        value={chosenConfiguration}
        onChange={(value) => {
          setConfigurationId(value);
          setErrors((current) => ({ ...current, configuration: undefined }));
        }}
        error={
          errors.configuration ??
          (noConfiguration ? `Activate a ${channel} configuration first` : undefined)
        }
        allowDeselect={false}
        required
      />
      <TagsInput
        label={ADDRESS_LABELS[channel].label}
        description={ADDRESS_LABELS[channel].description}
        placeholder={addresses.length ? undefined : 'Type and press Enter'}
        value={addresses}
        onChange={(value) => {
          setAddresses(value.map((a) => a.trim()).filter(Boolean));
          setErrors((current) => ({ ...current, addresses: undefined }));
        }}
        maxTags={MAX_PROOF_ADDRESSES}
        splitChars={[',', ' ', ';']}
        acceptValueOnBlur
        error={errors.addresses}
        required
      />
      <MultiSelect
        label="Test profiles"
        description="Whose data renders the content; each address gets one proof per profile."
        placeholder={chosenProfiles.length ? undefined : 'None: the content without profile data'}
        data={profileOptions}
        value={chosenProfiles}
        onChange={(value) => {
          setProfileIds(value);
          setErrors((current) => ({ ...current, profiles: undefined }));
        }}
        maxValues={10}
        searchable
        clearable
        error={errors.profiles}
      />
      {general && (
        <Alert color="red" title="The proof was not sent">
          {general}
        </Alert>
      )}
      {results && (
        <Stack gap={4} data-testid="proof-results">
          <Text size="sm" fw={500}>
            {sent} of {results.length} sent
          </Text>
          <Table aria-label="Proof results" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Th>Test profile</Table.Th>
                <Table.Th>Result</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((result, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{result.address}</Table.Td>
                  <Table.Td>{result.profileId ? labelOf(result.profileId) : '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={result.status === 'sent' ? 'green' : 'red'} variant="light">
                      {result.status}
                    </Badge>
                    {result.error && (
                      <Text size="xs" c="red" mt={2}>
                        {result.error}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        <Button loading={send.isPending} disabled={noConfiguration} onClick={submit}>
          Send proof
        </Button>
      </Group>
    </Stack>
  );
}
