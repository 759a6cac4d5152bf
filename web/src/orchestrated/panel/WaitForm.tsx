// Wait: a duration, a date and time (picked on a calendar, stored in UTC), or the next time of
// day in a time zone. The run's task sleeps durably until then.
import { NumberInput, Select, Stack } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { TimeZoneSelect } from '../../governance/inputs.tsx';
import { errorAt, type FormProps } from './env.ts';
import { InstantPicker } from './InstantPicker.tsx';

type Wait = ActivityConfig<'wait'>;

/** Tomorrow at 09:00 UTC, a sensible first pick for "until a date and time". */
function tomorrowMorning(): string {
  const at = new Date(Date.now() + 86_400_000);
  at.setUTCHours(9, 0, 0, 0);
  return at.toISOString().replace('.000Z', 'Z');
}

export function WaitForm({ config, onChange, errors }: FormProps<Wait>) {
  return (
    <Stack gap="sm">
      <Select
        label="Wait"
        data={[
          { value: 'duration', label: 'A duration' },
          { value: 'until', label: 'Until a date and time' },
          { value: 'timeOfDay', label: 'Until a time of day' },
        ]}
        value={config.kind}
        allowDeselect={false}
        onChange={(kind) => {
          if (kind === 'duration') onChange({ kind, minutes: 60 });
          else if (kind === 'until') onChange({ kind, at: tomorrowMorning() });
          else if (kind === 'timeOfDay') onChange({ kind, time: '09:00', zone: 'UTC' });
        }}
        comboboxProps={{ withinPortal: true }}
      />
      {config.kind === 'duration' && (
        <NumberInput
          label="Minutes"
          description={
            config.minutes >= 60 ? `${(config.minutes / 60).toFixed(1)} hours` : undefined
          }
          min={1}
          value={config.minutes}
          onChange={(v) => onChange({ ...config, minutes: typeof v === 'number' ? v : 0 })}
          error={errorAt(errors, '/minutes')}
        />
      )}
      {config.kind === 'until' && (
        <InstantPicker
          label="Until"
          value={config.at}
          zone="UTC"
          onChange={(at) => onChange({ ...config, at: at ?? '' })}
          error={errorAt(errors, '/at')}
        />
      )}
      {config.kind === 'timeOfDay' && (
        <>
          <TimeInput
            label="Time of day"
            description="The next time the clock shows this in the zone below"
            value={config.time}
            onChange={(e) => onChange({ ...config, time: e.currentTarget.value })}
            error={errorAt(errors, '/time')}
          />
          <TimeZoneSelect
            label="Time zone"
            value={config.zone}
            onChange={(zone) => onChange({ ...config, zone })}
            error={errorAt(errors, '/zone')}
          />
        </>
      )}
    </Stack>
  );
}
