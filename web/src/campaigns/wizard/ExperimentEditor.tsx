// An A/B experiment: treatments sharing the non-holdout traffic, the holdout, the success metric
// and how the winner is chosen.
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Channel } from '../../api/channels.ts';
import { mainMessage, numberOf, shown, type Experiment } from './contentDraft.ts';
import { MessageEditor, problemsUnder } from './MessageEditor.tsx';
import type { StepProps } from './step.ts';

export function ExperimentEditor({
  channel,
  content,
  errors,
  onChange,
}: {
  channel: Channel;
  content: Experiment;
  errors: StepProps['errors'];
  onChange: (content: Experiment) => void;
}) {
  const setTreatment = (index: number, treatment: Experiment['treatments'][number]) =>
    onChange({
      ...content,
      treatments: content.treatments.map((t, at) => (at === index ? treatment : t)),
    });
  const total = content.treatments.reduce(
    (sum, t) => sum + (Number.isNaN(t.split) ? 0 : t.split),
    0,
  );
  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <NumberInput
          label="Holdout"
          description="Share of the audience that gets nothing, to compare with"
          suffix=" %"
          min={0}
          max={50}
          value={shown(content.holdoutPercent)}
          error={errors['/content/holdoutPercent']}
          onChange={(next) => onChange({ ...content, holdoutPercent: numberOf(next) })}
        />
        <Select
          label="Success metric"
          data={[
            { value: 'clicks', label: 'Clicks' },
            { value: 'opens', label: 'Opens' },
          ]}
          allowDeselect={false}
          value={content.metric}
          onChange={(metric) =>
            onChange({ ...content, metric: metric === 'opens' ? 'opens' : 'clicks' })
          }
        />
        <Select
          label="Winner"
          description="Recurring campaigns can send only the winner once it is significant"
          data={[
            { value: 'manual', label: 'I scale the winner myself' },
            { value: 'automatic', label: 'Automatically, once significant' },
          ]}
          allowDeselect={false}
          value={content.winner}
          onChange={(winner) =>
            onChange({ ...content, winner: winner === 'automatic' ? 'automatic' : 'manual' })
          }
        />
      </Group>
      <Text size="sm" c={Math.abs(total - 100) < 0.001 ? 'dimmed' : 'red'}>
        Treatments share the non-holdout traffic: their splits add up to {total} % (must be 100 %).
      </Text>
      {content.treatments.map((treatment, index) => {
        const base = `/content/treatments/${index}`;
        return (
          <Paper
            key={index}
            withBorder
            p="md"
            radius="sm"
            aria-label={`Treatment ${index + 1}`}
            role="group"
          >
            <Group justify="space-between" mb="sm">
              <Title order={5}>{treatment.name || `Treatment ${index + 1}`}</Title>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove treatment ${index + 1}`}
                disabled={content.treatments.length <= 2}
                onClick={() =>
                  onChange({
                    ...content,
                    treatments: content.treatments.filter((_t, at) => at !== index),
                  })
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <Group grow align="flex-start" mb="sm">
              <TextInput
                label="Name"
                value={treatment.name}
                error={errors[`${base}/name`]}
                onChange={(event) =>
                  setTreatment(index, { ...treatment, name: event.currentTarget.value })
                }
              />
              <TextInput
                label="Key"
                value={treatment.key}
                error={errors[`${base}/key`]}
                onChange={(event) =>
                  setTreatment(index, { ...treatment, key: event.currentTarget.value })
                }
              />
              <NumberInput
                label="Split"
                suffix=" %"
                min={0}
                max={100}
                value={shown(treatment.split)}
                error={errors[`${base}/split`]}
                onChange={(next) => setTreatment(index, { ...treatment, split: numberOf(next) })}
              />
            </Group>
            <MessageEditor
              channel={channel}
              label={`Treatment ${index + 1} message`}
              content={treatment.content}
              problems={problemsUnder(errors, `${base}/content`)}
              onChange={(message) => setTreatment(index, { ...treatment, content: message })}
            />
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          disabled={content.treatments.length >= 10}
          onClick={() => {
            const letter = String.fromCharCode(65 + content.treatments.length);
            onChange({
              ...content,
              treatments: [
                ...content.treatments,
                {
                  key: letter,
                  name: `Treatment ${letter}`,
                  split: 0,
                  content: mainMessage(content, channel),
                },
              ],
            });
          }}
        >
          Add a treatment
        </Button>
      </Group>
    </Stack>
  );
}
