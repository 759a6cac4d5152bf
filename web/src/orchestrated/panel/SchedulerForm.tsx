// Scheduler: when the workflow starts — as soon as possible, once, daily, several times a day,
// weekly, monthly or on a signal — in which time zone, within which validity period; with the
// next 10 launches the server computes for the saved schedule.
import {
  Alert,
  List,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { SCHEDULE_FREQUENCIES, type ActivityConfig } from '../../../../src/orchestration/model.ts';
import { useSession } from '../../auth/session.ts';
import { formatDateTime } from '../../ui/format.ts';
import { listLaunches } from '../api.ts';
import { errorAt, type FormProps } from './env.ts';

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
        <TextInput
          label="At (ISO-8601, UTC)"
          placeholder="2026-12-01T09:00:00Z"
          value={config.at ?? ''}
          onChange={(e) => onChange(optional(config, 'at', e.currentTarget.value))}
          error={errorAt(errors, '/at')}
        />
      )}
      {needsTimes && (
        <TagsInput
          label={f === 'severalTimesDaily' ? 'Times of day' : 'Time of day'}
          description="HH:MM, press Enter after each"
          value={config.times ?? []}
          maxTags={f === 'severalTimesDaily' ? 24 : 1}
          onChange={(times) =>
            onChange(optional(config, 'times', times.length ? times : undefined))
          }
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
      <TextInput
        label="Time zone"
        value={config.zone}
        onChange={(e) => onChange({ ...config, zone: e.currentTarget.value })}
        error={errorAt(errors, '/zone')}
      />
      <TextInput
        label="Valid from (ISO-8601)"
        value={config.validFrom ?? ''}
        onChange={(e) => onChange(optional(config, 'validFrom', e.currentTarget.value))}
        error={errorAt(errors, '/validFrom')}
      />
      <TextInput
        label="Valid until (ISO-8601)"
        value={config.validUntil ?? ''}
        onChange={(e) => onChange(optional(config, 'validUntil', e.currentTarget.value))}
        error={errorAt(errors, '/validUntil')}
      />
      <LaunchesPreview campaignId={env.campaignId} dirty={env.dirty} />
    </Stack>
  );
}
