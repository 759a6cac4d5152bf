// Inputs the governance and campaign forms share: channels, time zones and users by name.
import { MultiSelect, Select, TagsInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { listUsers } from '../api/admin.ts';
import type { Channel } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { CHANNEL_LABELS } from '../channels/labels.ts';

export const CHANNELS = ['email', 'sms', 'push'] as const;
export const CHANNEL_OPTIONS = CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] }));
export const isChannel = (value: string): value is Channel =>
  CHANNELS.some((channel) => channel === value);

let zones: string[] | undefined;
export function timeZones(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  return zones;
}

export function TimeZoneSelect(props: {
  id?: string;
  label: string;
  description?: string;
  value: string;
  error?: string | undefined;
  readOnly?: boolean;
  onChange: (zone: string) => void;
}) {
  return (
    <Select
      id={props.id}
      label={props.label}
      description={props.description}
      data={timeZones()}
      searchable
      value={props.value || null}
      error={props.error}
      readOnly={props.readOnly}
      onChange={(zone) => props.onChange(zone ?? '')}
      maxDropdownHeight={260}
    />
  );
}

/**
 * Users picked by name when the signed-in user may list users; otherwise by their ids (a list
 * of users is only open to those who manage them).
 */
export function UserPicker(props: {
  id?: string;
  label: string;
  description?: string;
  value: string[];
  error?: string | undefined;
  readOnly?: boolean;
  onChange: (ids: string[]) => void;
}) {
  const { can, sandbox } = useSession();
  const mayList = can('users.manage');
  const users = useQuery({
    queryKey: ['users', sandbox, 'picker'],
    queryFn: () => listUsers({ q: '', status: null, cursor: undefined }),
    enabled: mayList,
  });
  if (!mayList || users.isError)
    return (
      <TagsInput
        id={props.id}
        label={props.label}
        description={`${props.description ?? ''} Enter user ids (press Enter after each).`.trim()}
        value={props.value}
        error={props.error}
        readOnly={props.readOnly}
        onChange={props.onChange}
      />
    );
  const known = users.data?.items ?? [];
  const data = [
    ...known.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
    ...props.value
      .filter((id) => !known.some((user) => user.id === id))
      .map((id) => ({ value: id, label: id })),
  ];
  return (
    <MultiSelect
      id={props.id}
      label={props.label}
      description={props.description}
      data={data}
      searchable
      value={props.value}
      error={props.error}
      readOnly={props.readOnly}
      onChange={props.onChange}
      placeholder={users.isPending ? 'Loading users…' : 'Anyone'}
    />
  );
}
