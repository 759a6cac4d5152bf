// Sending in waves: 2–10 waves at least 30 minutes apart — equal shares, by percent, by count, or
// at explicit times.
import { ActionIcon, Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Waves } from '../../api/campaigns.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { errorUnder } from '../../governance/fieldErrors.ts';
import { fromLocalInput, toLocalInput } from './times.ts';

const numberOf = (value: string | number) => (typeof value === 'number' ? value : NaN);
const shown = (value: number) => (Number.isNaN(value) ? '' : value);
const listOf = (text: string) =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);

export function defaultWaves(mode: Waves['mode']): Waves {
  switch (mode) {
    case 'equal':
      return { mode, count: 3, intervalMinutes: 60 };
    case 'percent':
      return { mode, percents: [20, 30, 50], intervalMinutes: 60 };
    case 'count':
      return { mode, counts: [1000, 5000], intervalMinutes: 60 };
    case 'explicit': {
      const start = Date.now() + 86_400_000;
      return {
        mode,
        times: [new Date(start).toISOString(), new Date(start + 3_600_000).toISOString()],
      };
    }
  }
}

const MODES = [
  { value: 'equal', label: 'Equal shares' },
  { value: 'percent', label: 'By percent' },
  { value: 'count', label: 'By count' },
  { value: 'explicit', label: 'At chosen times' },
];

export function WavesFields({
  waves,
  errors,
  readOnly,
  onChange,
}: {
  waves: Waves;
  errors: FieldErrors;
  readOnly: boolean;
  onChange: (waves: Waves) => void;
}) {
  const base = '/schedule/waves';
  const interval =
    waves.mode === 'explicit' ? null : (
      <NumberInput
        label="Minutes between waves"
        min={30}
        max={10_080}
        allowDecimal={false}
        value={shown(waves.intervalMinutes)}
        error={errors[`${base}/intervalMinutes`]}
        readOnly={readOnly}
        onChange={(next) => onChange({ ...waves, intervalMinutes: numberOf(next) })}
      />
    );
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        <Select
          label="Waves"
          data={MODES}
          value={waves.mode}
          allowDeselect={false}
          readOnly={readOnly}
          onChange={(mode) => {
            if (mode === 'equal' || mode === 'percent' || mode === 'count' || mode === 'explicit')
              onChange(defaultWaves(mode));
          }}
        />
        {waves.mode === 'equal' && (
          <NumberInput
            label="Number of waves"
            min={2}
            max={10}
            allowDecimal={false}
            value={shown(waves.count)}
            error={errors[`${base}/count`]}
            readOnly={readOnly}
            onChange={(next) => onChange({ ...waves, count: numberOf(next) })}
          />
        )}
        {waves.mode === 'percent' && (
          <TextInput
            label="Percent per wave"
            description="Comma-separated, adding up to 100"
            defaultValue={waves.percents.join(', ')}
            error={errorUnder(errors, `${base}/percents`)}
            readOnly={readOnly}
            onChange={(event) =>
              onChange({ ...waves, percents: listOf(event.currentTarget.value) })
            }
          />
        )}
        {waves.mode === 'count' && (
          <TextInput
            label="Recipients per wave"
            description="Comma-separated; the last wave takes the rest"
            defaultValue={waves.counts.join(', ')}
            error={errorUnder(errors, `${base}/counts`)}
            readOnly={readOnly}
            onChange={(event) => onChange({ ...waves, counts: listOf(event.currentTarget.value) })}
          />
        )}
        {interval}
      </Group>
      {waves.mode === 'explicit' && (
        <Stack gap="xs">
          {waves.times.map((time, index) => (
            <Group key={index} gap="xs" align="flex-end">
              <TextInput
                type="datetime-local"
                label={`Wave ${index + 1} starts`}
                value={toLocalInput(time)}
                error={errors[`${base}/times/${index}`]}
                readOnly={readOnly}
                onChange={(event) =>
                  onChange({
                    ...waves,
                    times: waves.times.map((t, at) =>
                      at === index ? fromLocalInput(event.currentTarget.value) : t,
                    ),
                  })
                }
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label={`Remove wave ${index + 1}`}
                disabled={readOnly || waves.times.length <= 2}
                onClick={() =>
                  onChange({ ...waves, times: waves.times.filter((_t, at) => at !== index) })
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={readOnly || waves.times.length >= 10}
              onClick={() => {
                const last = new Date(waves.times[waves.times.length - 1] ?? Date.now());
                const next = new Date(last.getTime() + 3_600_000).toISOString();
                onChange({ ...waves, times: [...waves.times, next] });
              }}
            >
              Add a wave
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
