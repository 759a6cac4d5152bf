// A business rule set: frequency caps on marketing messages per profile, each a count over a
// number of periods, shared by the channels it names. The lowest cap that applies wins.
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  BusinessRuleSetInput as InputSchema,
  CAP_PERIODS,
  type CapPeriod,
} from '../../../src/governance/model.ts';
import {
  businessRuleSets,
  type BusinessRuleSet,
  type BusinessRuleSetInput,
  type FrequencyCapInput,
} from '../api/governance.ts';
import { CHANNEL_LABELS } from '../channels/labels.ts';
import { Section } from '../channels/FormParts.tsx';
import { errorUnder } from './fieldErrors.ts';
import type { GovernanceFormProps } from './GovernanceEditorPage.tsx';
import { CHANNEL_OPTIONS, isChannel } from './inputs.tsx';
import type { GovernanceKind } from './kind.ts';
import { PERIOD_LABELS } from './labels.ts';

const isPeriod = (value: string | null): value is CapPeriod =>
  CAP_PERIODS.some((period) => period === value);
const numberOf = (value: string | number) => (typeof value === 'number' ? value : NaN);
const shown = (value: number) => (Number.isNaN(value) ? '' : value);

export function capSummary(cap: FrequencyCapInput): string {
  const unit = PERIOD_LABELS[cap.period].unit;
  const over = cap.multiplier > 1 ? `${cap.multiplier} ${unit}s` : unit;
  const channels = cap.channels.map((channel) => CHANNEL_LABELS[channel]).join(' + ');
  return `${cap.count} per ${over} (${channels || 'no channel'})`;
}

const NEW_CAP: FrequencyCapInput = {
  count: 3,
  period: 'weekly',
  multiplier: 1,
  channels: ['email'],
};

export function BusinessRuleSetForm({
  value,
  onChange,
  errors,
  readOnly,
}: GovernanceFormProps<BusinessRuleSetInput>) {
  const setCap = (index: number, cap: FrequencyCapInput, field: string) =>
    onChange(
      { ...value, caps: value.caps.map((item, at) => (at === index ? cap : item)) },
      `/caps/${index}/${field}`,
    );
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
      <Section
        title="Frequency caps"
        description="At most this many marketing messages per profile over the period; channels named together share one count. Transactional messages are never capped; profiles over a cap are excluded (ExcludedForControlRules)."
      >
        <Stack gap="sm">
          {value.caps.map((cap, index) => (
            <Paper
              key={index}
              withBorder
              p="sm"
              radius="sm"
              component="fieldset"
              aria-label={`Cap ${index + 1}`}
              style={{ margin: 0 }}
            >
              <Group align="flex-start" wrap="nowrap">
                <NumberInput
                  label="Messages"
                  min={1}
                  max={1000}
                  allowDecimal={false}
                  allowNegative={false}
                  w={110}
                  value={shown(cap.count)}
                  error={errors[`/caps/${index}/count`]}
                  readOnly={readOnly}
                  onChange={(next) => setCap(index, { ...cap, count: numberOf(next) }, 'count')}
                />
                <Select
                  label="Period"
                  w={140}
                  data={CAP_PERIODS.map((period) => ({
                    value: period,
                    label: PERIOD_LABELS[period].adjective,
                  }))}
                  value={cap.period}
                  allowDeselect={false}
                  readOnly={readOnly}
                  onChange={(next) => {
                    if (isPeriod(next)) setCap(index, { ...cap, period: next }, 'period');
                  }}
                />
                <NumberInput
                  label="Over periods"
                  description="Multiplier"
                  min={1}
                  max={24}
                  allowDecimal={false}
                  allowNegative={false}
                  w={120}
                  value={shown(cap.multiplier)}
                  error={errors[`/caps/${index}/multiplier`]}
                  readOnly={readOnly}
                  onChange={(next) =>
                    setCap(index, { ...cap, multiplier: numberOf(next) }, 'multiplier')
                  }
                />
                <MultiSelect
                  label="Channels"
                  description="Sharing the count"
                  data={CHANNEL_OPTIONS}
                  value={cap.channels}
                  style={{ flex: 1 }}
                  error={errorUnder(errors, `/caps/${index}/channels`)}
                  readOnly={readOnly}
                  onChange={(next) =>
                    setCap(index, { ...cap, channels: next.filter(isChannel) }, 'channels')
                  }
                />
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={24}
                    aria-label={`Remove cap ${index + 1}`}
                    disabled={value.caps.length === 1}
                    onClick={() =>
                      onChange(
                        { ...value, caps: value.caps.filter((_cap, at) => at !== index) },
                        '/caps',
                      )
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <Text size="xs" c="dimmed" mt={6}>
                {capSummary(cap)}
              </Text>
            </Paper>
          ))}
          {errors['/caps'] && (
            <Text size="sm" c="red">
              {errors['/caps']}
            </Text>
          )}
          {!readOnly && (
            <Group>
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                disabled={value.caps.length >= 20}
                onClick={() => onChange({ ...value, caps: [...value.caps, NEW_CAP] }, '/caps')}
              >
                Add a cap
              </Button>
            </Group>
          )}
        </Stack>
      </Section>
    </>
  );
}

export const businessRuleSetKind: GovernanceKind<BusinessRuleSet, BusinessRuleSetInput> = {
  key: 'business-rule-sets',
  title: 'Business rules',
  noun: 'business rule set',
  path: '/governance/business-rules',
  description:
    'Frequency caps for marketing messages across campaigns. A marketing campaign picks one active rule set.',
  emptyDescription:
    'Create a rule set with caps such as "at most 3 emails a week" for marketing campaigns to use.',
  activeMeaning: 'Marketing campaigns can use an active rule set; its caps apply at delivery.',
  api: businessRuleSets,
  schema: InputSchema,
  starter: () => ({ name: '', description: '', caps: [NEW_CAP] }),
  inputOf: (set) => ({ name: set.name, description: set.description ?? '', caps: set.caps }),
  summaryLabel: 'Caps',
  summary: (set) => set.caps.map(capSummary).join(' · '),
};
