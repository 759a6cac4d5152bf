// Alert: a notice to console users when the workflow reaches this point (their alerts are read
// through /orchestrated-alerts).
// Recipients are picked from the sandbox's people (the user directory any role may read);
// recipients chosen before who left the sandbox stay listed by id.
import { MultiSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { listDirectory } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { errorAt, type FormProps } from './env.ts';

type AlertConfig = ActivityConfig<'alert'>;
const MAX_RECIPIENTS = 50;

function useRecipientOptions(chosen: readonly string[]) {
  const { me, sandbox } = useSession();
  const users = useQuery({
    queryKey: ['users', sandbox, 'directory'],
    queryFn: () => listDirectory(''),
    staleTime: 60_000,
  });
  const options = (users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.name === u.email ? u.email : `${u.name} (${u.email})`,
  }));
  const selfId = me.actor.type === 'user' ? me.actor.id : null;
  if (selfId && !options.some((o) => o.value === selfId))
    options.unshift({ value: selfId, label: `${me.actor.label} (me)` });
  // Recipients the directory cannot name (beyond its first 100, or no longer in the sandbox).
  for (const id of chosen)
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: `User ${id}` });
  return { options, loading: users.isLoading };
}

export function AlertForm({ config, onChange, errors }: FormProps<AlertConfig>) {
  const recipients = useRecipientOptions(config.userIds);
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Recipients"
        description="People of this sandbox to notify"
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
