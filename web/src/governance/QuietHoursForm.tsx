// Quiet hours: weekly windows in the profile's own time zone or a fixed one, during which
// marketing messages are discarded or held until the window ends.
import {
  ActionIcon,
  Button,
  Chip,
  Group,
  Input,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { QuietHoursInput as InputSchema } from '../../../src/governance/model.ts';
import {
  quietHours,
  type QuietHours,
  type QuietHoursInput,
  type QuietWindow,
} from '../api/governance.ts';
import { Pair, Section } from '../channels/FormParts.tsx';
import { errorUnder } from './fieldErrors.ts';
import type { GovernanceFormProps } from './GovernanceEditorPage.tsx';
import { TimeZoneSelect } from './inputs.tsx';
import type { GovernanceKind } from './kind.ts';
import { DAY_SHORT, daysSummary, WEEK_ORDER } from './labels.ts';

const NEW_WINDOW: QuietWindow = { days: [1, 2, 3, 4, 5, 6, 0], from: '21:00', to: '08:00' };

export function windowSummary(window: QuietWindow): string {
  return `${daysSummary(window.days)} ${window.from}–${window.to}`;
}

export function QuietHoursForm({
  value,
  onChange,
  errors,
  readOnly,
}: GovernanceFormProps<QuietHoursInput>) {
  const setWindow = (index: number, window: QuietWindow, field: string) =>
    onChange(
      { ...value, windows: value.windows.map((item, at) => (at === index ? window : item)) },
      `/windows/${index}/${field}`,
    );
  const zone = value.timeZone;
  return (
    <>
      <Section title="General">
        <TextInput
          label="Name"
          required
          value={value.name}
          error={errors['/name']}
          readOnly={readOnly}
          onChange={(event) => onChange({ ...value, name: event.currentTarget.value }, '/name')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={value.description ?? ''}
          error={errors['/description']}
          readOnly={readOnly}
          onChange={(event) =>
            onChange({ ...value, description: event.currentTarget.value }, '/description')
          }
        />
      </Section>
      <Section title="When">
        <Pair>
          <Input.Wrapper
            label="Time zone"
            labelElement="div"
            description="Each profile's own zone (the campaign's for profiles without one), or one fixed zone."
          >
            <div>
              <SegmentedControl
                mt={4}
                aria-label="Time zone"
                disabled={readOnly}
                data={[
                  { value: 'profile', label: "Profile's time zone" },
                  { value: 'fixed', label: 'Fixed time zone' },
                ]}
                value={zone.mode}
                onChange={(mode) =>
                  onChange(
                    {
                      ...value,
                      timeZone:
                        mode === 'fixed' ? { mode: 'fixed', zone: 'UTC' } : { mode: 'profile' },
                    },
                    '/timeZone',
                  )
                }
              />
            </div>
          </Input.Wrapper>
          {zone.mode === 'fixed' && (
            <TimeZoneSelect
              label="Zone"
              value={zone.zone}
              error={errorUnder(errors, '/timeZone')}
              readOnly={readOnly}
              onChange={(next) =>
                onChange({ ...value, timeZone: { mode: 'fixed', zone: next } }, '/timeZone')
              }
            />
          )}
        </Pair>
        <Stack gap="sm">
          {value.windows.map((window, index) => (
            <Paper
              key={index}
              withBorder
              p="sm"
              radius="sm"
              component="fieldset"
              aria-label={`Window ${index + 1}`}
              style={{ margin: 0 }}
            >
              <Group align="flex-end" wrap="nowrap" justify="space-between">
                <Input.Wrapper
                  label="Starts on"
                  labelElement="div"
                  error={errorUnder(errors, `/windows/${index}/days`)}
                >
                  <Chip.Group
                    multiple
                    value={window.days.map(String)}
                    onChange={(days) =>
                      setWindow(index, { ...window, days: days.map(Number) }, 'days')
                    }
                  >
                    <Group gap={6} mt={6}>
                      {WEEK_ORDER.map((day) => (
                        <Chip key={day} value={String(day)} size="sm" disabled={readOnly}>
                          {DAY_SHORT[day]}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                </Input.Wrapper>
                <Group gap="sm" align="flex-end" wrap="nowrap">
                  <TextInput
                    type="time"
                    label="From"
                    w={150}
                    value={window.from}
                    error={errors[`/windows/${index}/from`]}
                    readOnly={readOnly}
                    onChange={(event) =>
                      setWindow(index, { ...window, from: event.currentTarget.value }, 'from')
                    }
                  />
                  <TextInput
                    type="time"
                    label="To"
                    w={150}
                    value={window.to}
                    error={errors[`/windows/${index}/to`]}
                    readOnly={readOnly}
                    onChange={(event) =>
                      setWindow(index, { ...window, to: event.currentTarget.value }, 'to')
                    }
                  />
                  {!readOnly && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mb={4}
                      aria-label={`Remove window ${index + 1}`}
                      disabled={value.windows.length === 1}
                      onClick={() =>
                        onChange(
                          { ...value, windows: value.windows.filter((_w, at) => at !== index) },
                          '/windows',
                        )
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Group>
              <Text size="xs" c="dimmed" mt={6}>
                {window.to < window.from
                  ? `${windowSummary(window)}, ending the next morning`
                  : windowSummary(window)}
              </Text>
            </Paper>
          ))}
          {!readOnly && (
            <Group>
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                disabled={value.windows.length >= 14}
                onClick={() =>
                  onChange({ ...value, windows: [...value.windows, NEW_WINDOW] }, '/windows')
                }
              >
                Add a window
              </Button>
            </Group>
          )}
        </Stack>
      </Section>
      <Section title="Messages due in a window">
        <Radio.Group
          value={value.behaviour}
          onChange={(behaviour) =>
            onChange(
              { ...value, behaviour: behaviour === 'queue' ? 'queue' : 'discard' },
              '/behaviour',
            )
          }
        >
          <Stack gap="xs">
            <Radio
              value="queue"
              disabled={readOnly}
              label="Hold them and send when the window ends"
            />
            <Radio value="discard" disabled={readOnly} label="Discard them" />
          </Stack>
        </Radio.Group>
      </Section>
    </>
  );
}

export const quietHoursKind: GovernanceKind<QuietHours, QuietHoursInput> = {
  key: 'quiet-hours',
  title: 'Quiet hours',
  noun: 'quiet hours',
  path: '/governance/quiet-hours',
  description:
    'Times when marketing messages are not sent. A marketing campaign picks one active set of quiet hours.',
  emptyDescription:
    'Create quiet hours such as "every night 21:00–08:00 in the profile\'s time zone" for marketing campaigns to use.',
  activeMeaning: 'Marketing campaigns can use active quiet hours.',
  api: quietHours,
  schema: InputSchema,
  starter: () => ({
    name: '',
    description: '',
    timeZone: { mode: 'profile' },
    windows: [NEW_WINDOW],
    behaviour: 'queue',
  }),
  inputOf: (item) => ({
    name: item.name,
    description: item.description ?? '',
    timeZone: item.timeZone,
    windows: item.windows,
    behaviour: item.behaviour,
  }),
  summaryLabel: 'Windows',
  summary: (item) =>
    `${item.windows.map(windowSummary).join(' · ')} · ${
      item.timeZone.mode === 'fixed' ? item.timeZone.zone : "profile's time zone"
    } · ${item.behaviour === 'queue' ? 'held' : 'discarded'}`,
};
