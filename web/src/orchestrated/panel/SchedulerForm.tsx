// Scheduler: when the workflow starts — as soon as possible, once, daily, several times a day,
// weekly, monthly or on a signal — in which time zone, within which validity period; with the
// next 10 launches the server computes for the saved schedule. Instants are picked in UTC (as
// stored) and shown in the schedule's zone too.
import { Alert, Group, List, MultiSelect, NumberInput, Select, Stack, Text } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useQuery } from '@tanstack/react-query';
import { SCHEDULE_FREQUENCIES, type ActivityConfig } from '../../../../src/orchestration/model.ts';
import { useSession } from '../../auth/session.ts';
import { TimeZoneSelect } from '../../governance/inputs.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { listLaunches } from '../api.ts';
import { errorAt, type FormProps } from './env.ts';
import { AddButton, RemoveButton, replaced } from './fields.tsx';
import { InstantPicker } from './InstantPicker.tsx';

type Schedule = ActivityConfig<'scheduler'>;
type Frequency = Schedule['frequency'];
const FREQUENCY_LABELS: Record<Frequency, string> = {
  asap: 'As soon as published',
  once: 'Once',
  daily: 'Daily',
  severalTimesDaily: 'Several times a day',
  weekly: 'Weekly',
  monthly: 'Monthly',
  signal: 'On a signal (trigger API)',
};
const isFrequency = (v: string | null): v is Frequency => SCHEDULE_FREQUENCIES.some((f) => f === v);
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function optional<K extends keyof Schedule>(
  config: Schedule,
  key: K,
  value: Schedule[K] | undefined,
) {
  const next = { ...config };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next;
}

export function LaunchesPreview({ campaignId, dirty }: { campaignId: string; dirty: boolean }) {
  const { sandbox } = useSession();
  const launches = useQuery({
    queryKey: ['orchestrated', sandbox, 'campaign', campaignId, 'launches'],
    queryFn: () => listLaunches(campaignId),
  });
  return (
    <Stack gap={4} aria-label="Next launches" role="region">
      <Text size="sm" fw={600}>
        Next 10 launches
      </Text>
      {dirty && (
        <Text size="xs" c="dimmed">
          Of the saved schedule: save to see the effect of your changes.
        </Text>
      )}
      {launches.isError ? (
        <Alert color="gray" variant="light">
          {launches.error.message}
        </Alert>
      ) : launches.data?.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No launch planned.
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {(launches.data?.items ?? []).map((at) => (
            <List.Item key={at}>{formatDateTime(at)}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function TimesField({
  several,
  times,
  onChange,
  error,
}: {
  several: boolean;
  times: readonly string[];
  onChange: (times: string[] | undefined) => void;
  error: string | undefined;
}) {
  const set = (next: string[]) => {
    const filled = next.filter((t) => t !== '');
    onChange(filled.length ? next : undefined);
  };
  if (!several)
    return (
      <TimeInput
        label="Time of day"
        value={times[0] ?? ''}
        onChange={(e) => set(e.currentTarget.value ? [e.currentTarget.value] : [])}
        error={error}
      />
    );
  const rows = times.length ? times : [''];
  return (
    <Stack gap={4} role="group" aria-label="Times of day">
      <Text size="sm" fw={500}>
        Times of day
      </Text>
      {rows.map((time, index) => (
        <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
          <TimeInput
            aria-label={`Time ${index + 1}`}
            style={{ flex: 1 }}
            value={time}
            onChange={(e) => set(replaced(rows, index, e.currentTarget.value))}
          />
          <RemoveButton
            top
            label={`Remove time ${index + 1}`}
            disabled={rows.length === 1}
            onClick={() => set(rows.filter((_, i) => i !== index))}
          />
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
      <AddButton disabled={rows.length >= 24} onClick={() => onChange([...rows, '12:00'])}>
        Add time
      </AddButton>
    </Stack>
  );
}

export function SchedulerForm({ config, onChange, errors, env }: FormProps<Schedule>) {
  const f = config.frequency;
  const needsTimes =
    f === 'daily' || f === 'severalTimesDaily' || f === 'weekly' || f === 'monthly';
  return (
    <Stack gap="sm">
      <Select
        label="Frequency"
        data={SCHEDULE_FREQUENCIES.map((value) => ({ value, label: FREQUENCY_LABELS[value] }))}
        value={f}
        allowDeselect={false}
        onChange={(value) => isFrequency(value) && onChange({ ...config, frequency: value })}
        comboboxProps={{ withinPortal: true }}
      />
      {f === 'once' && (
        <InstantPicker
          label="Runs at"
          value={config.at}
          zone={config.zone}
          onChange={(at) => onChange(optional(config, 'at', at))}
          error={errorAt(errors, '/at')}
        />
      )}
      {needsTimes && (
        <TimesField
          several={f === 'severalTimesDaily'}
          times={config.times ?? []}
          onChange={(times) => onChange(optional(config, 'times', times))}
          error={errorAt(errors, '/times')}
        />
      )}
      {f === 'weekly' && (
        <MultiSelect
          label="Days"
          data={WEEKDAYS.map((label, i) => ({ value: String(i + 1), label }))}
          value={(config.weekdays ?? []).map(String)}
          onChange={(days) =>
            onChange(optional(config, 'weekdays', days.length ? days.map(Number) : undefined))
          }
          error={errorAt(errors, '/weekdays')}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {f === 'monthly' && (
        <NumberInput
          label="Day of the month"
          min={1}
          max={31}
          value={config.dayOfMonth ?? ''}
          onChange={(v) =>
            onChange(optional(config, 'dayOfMonth', typeof v === 'number' ? v : undefined))
          }
          error={errorAt(errors, '/dayOfMonth')}
        />
      )}
      <TimeZoneSelect
        label="Time zone"
        description="Times of day are in this zone"
        value={config.zone}
        onChange={(zone) => onChange({ ...config, zone })}
        error={errorAt(errors, '/zone')}
      />
      <InstantPicker
        label="Valid from"
        value={config.validFrom}
        zone={config.zone}
        onChange={(at) => onChange(optional(config, 'validFrom', at))}
        error={errorAt(errors, '/validFrom')}
      />
      <InstantPicker
        label="Valid until"
        value={config.validUntil}
        zone={config.zone}
        onChange={(at) => onChange(optional(config, 'validUntil', at))}
        error={errorAt(errors, '/validUntil')}
      />
      <LaunchesPreview campaignId={env.campaignId} dirty={env.dirty} />
    </Stack>
  );
}
