// Step 5: when it sends — manual start or a start time, recurrence, time of day and zone, each
// profile's local time, end, throttle and waves; and, for marketing, business rules and quiet hours.
import {
  Chip,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CampaignControls, CampaignSchedule, Recurrence } from '../../api/campaigns.ts';
import { businessRuleSets, quietHours } from '../../api/governance.ts';
import { useSession } from '../../auth/session.ts';
import { Pair, Section } from '../../channels/FormParts.tsx';
import { errorUnder } from '../../governance/fieldErrors.ts';
import { TimeZoneSelect } from '../../governance/inputs.tsx';
import { DAY_SHORT, WEEK_ORDER } from '../../governance/labels.ts';
import { changed, usePending, type StepProps } from './step.ts';
import { fromLocalInput, toLocalInput } from './times.ts';
import { defaultWaves, WavesFields } from './WavesFields.tsx';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const STARTER: CampaignSchedule = {
  start: 'manual',
  recurrence: { frequency: 'once' },
  timeZone: browserZone(),
  localTime: false,
};

function recurrenceOf(frequency: string | null): Recurrence {
  switch (frequency) {
    case 'daily':
      return { frequency: 'daily' };
    case 'weekly':
      return { frequency: 'weekly', days: [1] };
    case 'monthly':
      return { frequency: 'monthly', day: 1 };
    default:
      return { frequency: 'once' };
  }
}

function without<T extends object, K extends keyof T>(value: T, key: K): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

export function ScheduleStep({ campaign, errors, readOnly, bind, clear }: StepProps) {
  const { sandbox } = useSession();
  const [schedule, setSchedule] = useState<CampaignSchedule>(campaign.schedule ?? STARTER);
  const [controls, setControls] = useState<CampaignControls>(campaign.controls);
  const marketing = campaign.category === 'marketing';
  const filters = { status: 'active' as const, q: '' };
  const ruleSets = useQuery({
    queryKey: ['business-rule-sets', sandbox, 'list', filters],
    queryFn: () => businessRuleSets.list(filters, undefined),
    enabled: marketing,
  });
  const quiet = useQuery({
    queryKey: ['quiet-hours', sandbox, 'list', filters],
    queryFn: () => quietHours.list(filters, undefined),
    enabled: marketing,
  });
  usePending(bind, () => {
    const parts = {
      ...changed('schedule', campaign.schedule, schedule),
      ...(marketing ? changed('controls', campaign.controls, controls) : null),
    };
    return Object.keys(parts).length > 0 ? parts : null;
  });
  const edit = (next: CampaignSchedule, path: string) => {
    setSchedule(next);
    clear(`/schedule${path}`);
  };
  const recurring = schedule.recurrence.frequency !== 'once';
  const recurrence = schedule.recurrence;

  return (
    <>
      <Section title="Schedule" description="Times are shown in your browser's time zone.">
        <Stack gap="md">
          <Pair>
            <Input.Wrapper label="Start" labelElement="div">
              <div>
                <SegmentedControl
                  mt={4}
                  aria-label="Start"
                  disabled={readOnly}
                  data={[
                    { value: 'manual', label: 'When activated' },
                    { value: 'at', label: 'At a date and time' },
                  ]}
                  value={schedule.start}
                  onChange={(start) =>
                    edit(
                      start === 'at'
                        ? { ...schedule, start: 'at', startAt: schedule.startAt ?? '' }
                        : without({ ...schedule, start: 'manual' }, 'startAt'),
                      '/start',
                    )
                  }
                />
              </div>
            </Input.Wrapper>
            {schedule.start === 'at' && (
              <TextInput
                type="datetime-local"
                label="Start at"
                required
                value={toLocalInput(schedule.startAt)}
                error={errors['/schedule/startAt']}
                readOnly={readOnly}
                onChange={(event) =>
                  edit(
                    { ...schedule, startAt: fromLocalInput(event.currentTarget.value) },
                    '/startAt',
                  )
                }
              />
            )}
          </Pair>
          <Pair>
            <Select
              label="Recurrence"
              data={[
                { value: 'once', label: 'Once' },
                { value: 'daily', label: 'Daily' },
                { value: 'weekly', label: 'Weekly' },
                { value: 'monthly', label: 'Monthly' },
              ]}
              value={recurrence.frequency}
              allowDeselect={false}
              readOnly={readOnly}
              onChange={(frequency) => {
                const next = { ...schedule, recurrence: recurrenceOf(frequency) };
                edit(
                  frequency === 'once'
                    ? without(without(next, 'time'), 'endAt')
                    : { ...next, time: schedule.time ?? '09:00' },
                  '/recurrence',
                );
              }}
            />
            {recurring && (
              <TextInput
                type="time"
                label="Time of day"
                value={schedule.time ?? ''}
                error={errors['/schedule/time']}
                readOnly={readOnly}
                onChange={(event) =>
                  edit({ ...schedule, time: event.currentTarget.value }, '/time')
                }
              />
            )}
          </Pair>
          {recurrence.frequency === 'weekly' && (
            <Input.Wrapper
              label="On"
              labelElement="div"
              error={errorUnder(errors, '/schedule/recurrence')}
            >
              <Chip.Group
                multiple
                value={recurrence.days.map(String)}
                onChange={(days) =>
                  edit(
                    { ...schedule, recurrence: { frequency: 'weekly', days: days.map(Number) } },
                    '/recurrence',
                  )
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
          )}
          {recurrence.frequency === 'monthly' && (
            <NumberInput
              label="Day of the month"
              description="Months without it use their last day"
              min={1}
              max={31}
              w={200}
              allowDecimal={false}
              value={Number.isNaN(recurrence.day) ? '' : recurrence.day}
              error={errorUnder(errors, '/schedule/recurrence')}
              readOnly={readOnly}
              onChange={(day) =>
                edit(
                  {
                    ...schedule,
                    recurrence: { frequency: 'monthly', day: typeof day === 'number' ? day : NaN },
                  },
                  '/recurrence',
                )
              }
            />
          )}
          <Pair>
            <TimeZoneSelect
              label="Campaign time zone"
              description="For the time of day, and for profiles without a time zone"
              value={schedule.timeZone}
              error={errors['/schedule/timeZone']}
              readOnly={readOnly}
              onChange={(timeZone) => edit({ ...schedule, timeZone }, '/timeZone')}
            />
            {recurring && (
              <TextInput
                type="datetime-local"
                label="End"
                description="No runs after this time (optional)"
                value={toLocalInput(schedule.endAt)}
                error={errors['/schedule/endAt']}
                readOnly={readOnly}
                onChange={(event) => {
                  const endAt = fromLocalInput(event.currentTarget.value);
                  edit(endAt ? { ...schedule, endAt } : without(schedule, 'endAt'), '/endAt');
                }}
              />
            )}
          </Pair>
          <Switch
            label="Send at the same local time in each profile's own time zone"
            checked={schedule.localTime}
            disabled={readOnly}
            onChange={(event) =>
              edit({ ...schedule, localTime: event.currentTarget.checked }, '/localTime')
            }
          />
        </Stack>
      </Section>
      <Section title="Delivery rate">
        <Stack gap="md">
          <NumberInput
            label="Throttle"
            description="Messages per second for the whole campaign (1–2,000); empty for no limit. What cannot be sent within 12 hours is excluded."
            suffix=" msg/s"
            min={1}
            max={2000}
            allowDecimal={false}
            w={320}
            value={schedule.ratePerSecond ?? ''}
            error={errors['/schedule/ratePerSecond']}
            readOnly={readOnly}
            onChange={(rate) =>
              edit(
                typeof rate === 'number'
                  ? { ...schedule, ratePerSecond: rate }
                  : without(schedule, 'ratePerSecond'),
                '/ratePerSecond',
              )
            }
          />
          <Switch
            label="Send in waves"
            checked={schedule.waves !== undefined}
            disabled={readOnly}
            onChange={(event) =>
              edit(
                event.currentTarget.checked
                  ? { ...schedule, waves: defaultWaves('equal') }
                  : without(schedule, 'waves'),
                '/waves',
              )
            }
          />
          {schedule.waves && (
            <WavesFields
              waves={schedule.waves}
              errors={errors}
              readOnly={readOnly}
              onChange={(waves) => edit({ ...schedule, waves }, '/waves')}
            />
          )}
        </Stack>
      </Section>
      {marketing && (
        <Section
          title="Governance"
          description="Marketing messages can be capped by a business rule set and held back by quiet hours."
        >
          <Pair>
            <Select
              label="Business rules"
              placeholder="No frequency caps"
              clearable
              data={(ruleSets.data?.items ?? []).map((item) => ({
                value: item.id,
                label: item.name,
              }))}
              value={controls.businessRuleSetId ?? null}
              error={errors['/controls/businessRuleSetId']}
              readOnly={readOnly}
              onChange={(id) => {
                setControls({ ...controls, businessRuleSetId: id });
                clear('/controls');
              }}
            />
            <Select
              label="Quiet hours"
              placeholder="No quiet hours"
              clearable
              data={(quiet.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
              value={controls.quietHoursId ?? null}
              error={errors['/controls/quietHoursId']}
              readOnly={readOnly}
              onChange={(id) => {
                setControls({ ...controls, quietHoursId: id });
                clear('/controls');
              }}
            />
          </Pair>
        </Section>
      )}
    </>
  );
}
