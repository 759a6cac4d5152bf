// Alert: a notice to console users when the workflow reaches this point (their alerts are read
// through /orchestrated-alerts).
// Recipients are picked from the users of the instance, which only user managers may list;
// others can pick themselves, and recipients chosen before stay listed.
import { MultiSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { listUsers } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { errorAt, type FormProps } from './env.ts';

type AlertConfig = ActivityConfig<'alert'>;
const MAX_RECIPIENTS = 50;

function useRecipientOptions(chosen: readonly string[]) {
  const { me, sandbox, can } = useSession();
  const mayList = can('users.manage');
  const users = useQuery({
    queryKey: ['users', sandbox, 'alert-recipients'],
    queryFn: () => listUsers({ q: '', status: 'active', cursor: undefined }),
    enabled: mayList,
    staleTime: 60_000,
  });
  const options = (users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.name === u.email ? u.email : `${u.name} (${u.email})`,
  }));
  const selfId = me.actor.type === 'user' ? me.actor.id : null;
  if (selfId && !options.some((o) => o.value === selfId))
    options.unshift({ value: selfId, label: `${me.actor.label} (me)` });
  // Recipients this list cannot name (another page of users, or not visible to this user).
  for (const id of chosen)
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: `User ${id}` });
  return { options, mayList, loading: users.isLoading };
}

export function AlertForm({ config, onChange, errors }: FormProps<AlertConfig>) {
  const recipients = useRecipientOptions(config.userIds);
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Recipients"
        description={
          recipients.mayList
            ? 'Users to notify'
            : 'Only user managers can list other users: you can add yourself'
        }
        placeholder={config.userIds.length ? undefined : 'Choose users'}
        searchable
        data={recipients.options}
        value={config.userIds}
        maxValues={MAX_RECIPIENTS}
        onChange={(userIds) => onChange({ ...config, userIds })}
        error={
          errorAt(errors, '/userIds') ??
          (config.userIds.length === 0 ? 'Nobody will see this alert: add a recipient' : undefined)
        }
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        label="Subject"
        value={config.subject}
        onChange={(e) => onChange({ ...config, subject: e.currentTarget.value })}
        error={errorAt(errors, '/subject')}
        required
      />
      <Textarea
        label="Message"
        autosize
        minRows={3}
        maxRows={10}
        value={config.message}
        onChange={(e) => onChange({ ...config, message: e.currentTarget.value })}
        error={errorAt(errors, '/message')}
      />
      <Text size="xs" c="dimmed">
        Alerts of test runs start with [Test].
      </Text>
    </Stack>
  );
}
