// Whom the preview is for: a test profile (or any profile found by identity), or pasted sample
// data; plus the API trigger's `context` for API-triggered content.
import {
  Collapse,
  Group,
  JsonInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { searchProfiles, type Profile } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';

export interface PreviewSource {
  profileId?: string;
  data?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

export interface PreviewSourceState {
  source: PreviewSource;
  /** A pasted JSON text that does not parse: no preview until it does. */
  invalid: boolean;
}

const SAMPLE_DATA = `{
  "profile": {
    "person": { "name": { "firstName": "Sam" } }
  }
}`;

function parseObject(text: string): Record<string, unknown> | null | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function profileLabel(profile: Profile): string {
  const email = profile.identities.find((identity) => identity.namespace === 'email');
  const first = email ?? profile.identities[0];
  const name = profile.attributes.person as { name?: { firstName?: unknown } } | undefined;
  const firstName = typeof name?.name?.firstName === 'string' ? `${name.name.firstName} · ` : '';
  return `${firstName}${first ? first.value : profile.id}`;
}

/** The sandbox's test profiles, shared by the preview switcher and the proof dialog. */
export function useTestProfiles() {
  const { sandbox, can } = useSession();
  return useQuery({
    queryKey: ['profiles', sandbox, 'test-profiles'],
    queryFn: () => searchProfiles({ testProfile: true }, undefined),
    enabled: can('profiles.read'),
  });
}

export function usePreviewSource() {
  const [mode, setMode] = useState<'profile' | 'data'>('profile');
  const [profileId, setProfileId] = useState<string | null>(null);
  const [dataText, setDataText] = useState(SAMPLE_DATA);
  const [contextText, setContextText] = useState('');
  const data = parseObject(dataText);
  const context = parseObject(contextText);
  const source: PreviewSource = {};
  if (mode === 'profile' && profileId) source.profileId = profileId;
  if (mode === 'data' && data) source.data = data;
  if (context) source.context = context;
  const state: PreviewSourceState = {
    source,
    invalid: (mode === 'data' && data === null) || context === null,
  };
  return {
    state,
    picker: (
      <PreviewSourcePicker
        mode={mode}
        onMode={setMode}
        profileId={profileId}
        onProfile={setProfileId}
        dataText={dataText}
        onData={setDataText}
        contextText={contextText}
        onContext={setContextText}
        dataInvalid={data === null}
        contextInvalid={context === null}
      />
    ),
  };
}

function PreviewSourcePicker(props: {
  mode: 'profile' | 'data';
  onMode: (mode: 'profile' | 'data') => void;
  profileId: string | null;
  onProfile: (id: string | null) => void;
  dataText: string;
  onData: (text: string) => void;
  contextText: string;
  onContext: (text: string) => void;
  dataInvalid: boolean;
  contextInvalid: boolean;
}) {
  const { sandbox, can } = useSession();
  const [search, setSearch] = useState('');
  const [identity] = useDebouncedValue(search.trim(), 300);
  const [showContext, setShowContext] = useState(false);
  const canReadProfiles = can('profiles.read');
  const testProfiles = useTestProfiles();
  const found = useQuery({
    queryKey: ['profiles', sandbox, 'preview-search', identity],
    queryFn: () => searchProfiles({ identity }, undefined),
    enabled: canReadProfiles && identity.length >= 2,
  });
  const options = useMemo(() => {
    const seen = new Set<string>();
    const list: { value: string; label: string }[] = [];
    for (const profile of [...(testProfiles.data?.items ?? []), ...(found.data?.items ?? [])]) {
      if (seen.has(profile.id)) continue;
      seen.add(profile.id);
      list.push({ value: profile.id, label: profileLabel(profile) });
    }
    return list;
  }, [testProfiles.data, found.data]);

  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end" wrap="nowrap">
        <SegmentedControl
          size="xs"
          value={props.mode}
          onChange={(value) => props.onMode(value === 'data' ? 'data' : 'profile')}
          data={[
            { value: 'profile', label: 'Profile' },
            { value: 'data', label: 'Sample data' },
          ]}
          aria-label="Preview for"
        />
        {props.mode === 'profile' && (
          <Select
            label="Test profile"
            placeholder={
              canReadProfiles
                ? 'Pick a test profile or search by identity'
                : 'No access to profiles'
            }
            data={options}
            value={props.profileId}
            onChange={props.onProfile}
            searchable
            clearable
            searchValue={search}
            onSearchChange={setSearch}
            nothingFoundMessage={identity.length >= 2 ? 'No profile found' : 'Type an identity'}
            disabled={!canReadProfiles}
            size="xs"
            style={{ flex: 1 }}
          />
        )}
      </Group>
      {props.mode === 'data' && (
        <JsonInput
          label="Sample data"
          description="{profile, audience, target}: what the template reads"
          value={props.dataText}
          onChange={props.onData}
          autosize
          minRows={4}
          maxRows={12}
          error={props.dataInvalid ? 'Not a JSON object' : undefined}
          size="xs"
        />
      )}
      <UnstyledButton onClick={() => setShowContext((open) => !open)} aria-expanded={showContext}>
        <Group gap={4}>
          {showContext ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          <Text size="xs" c="dimmed">
            API context {props.contextText.trim() ? '(set)' : ''}
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse expanded={showContext}>
        <JsonInput
          label="Context"
          description="The trigger's payload, read as {{context.*}}"
          placeholder='{"orderId": "A-17"}'
          value={props.contextText}
          onChange={props.onContext}
          autosize
          minRows={3}
          maxRows={10}
          error={props.contextInvalid ? 'Not a JSON object' : undefined}
          size="xs"
        />
      </Collapse>
    </Stack>
  );
}
