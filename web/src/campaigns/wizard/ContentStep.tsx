// Step 3: the content — one message for everyone, variants chosen by targeting rules (first match
// wins, with an optional fallback), or an experiment of treatments with a holdout.
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Input,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { RuleTree } from '../../../../src/audiences/model.ts';
import type { CampaignContent, MessageContent } from '../../api/campaigns.ts';
import type { Channel } from '../../api/channels.ts';
import { Section } from '../../channels/FormParts.tsx';
import { errorUnder } from '../../governance/fieldErrors.ts';
import { editPage } from '../labels.ts';
import { useAudienceOptions } from './audienceOptions.ts';
import { MessageEditor, problemsUnder, starterMessage } from './MessageEditor.tsx';
import { changed, usePending, type StepProps } from './step.ts';

type Mode = CampaignContent['mode'];
type Rules = Extract<CampaignContent, { mode: 'rules' }>;
type Experiment = Extract<CampaignContent, { mode: 'experiment' }>;

const audienceRule = (audienceId: string): RuleTree => ({
  version: 1,
  root: { kind: 'group', op: 'and', children: [{ kind: 'audience', audienceId }] },
});
const MembersOf = Type.Object({
  kind: Type.Literal('group'),
  children: Type.Tuple([
    Type.Object({ kind: Type.Literal('audience'), audienceId: Type.String() }),
  ]),
});
/** The audience of a "members of" rule; undefined for rules made otherwise (through the API). */
function audienceOf(rule: { root: unknown }): string | undefined {
  return Value.Check(MembersOf, rule.root) ? rule.root.children[0].audienceId : undefined;
}

function mainMessage(content: CampaignContent, channel: Channel): MessageContent {
  switch (content.mode) {
    case 'single':
      return content.content;
    case 'rules':
      return content.fallback ?? content.variants[0]?.content ?? starterMessage(channel);
    case 'experiment':
      return content.treatments[0]?.content ?? starterMessage(channel);
  }
}

function convert(content: CampaignContent, mode: Mode, channel: Channel): CampaignContent {
  const message = mainMessage(content, channel);
  switch (mode) {
    case 'single':
      return { mode, content: message };
    case 'rules':
      return {
        mode,
        variants: [{ key: 'v1', name: 'Variant 1', rule: audienceRule(''), content: message }],
        fallback: message,
      };
    case 'experiment':
      return {
        mode,
        treatments: [
          { key: 'A', name: 'Treatment A', split: 50, content: message },
          { key: 'B', name: 'Treatment B', split: 50, content: message },
        ],
        holdoutPercent: 10,
        metric: 'clicks',
        winner: 'manual',
      };
  }
}

const numberOf = (value: string | number) => (typeof value === 'number' ? value : NaN);
const shown = (value: number) => (Number.isNaN(value) ? '' : value);

export function ContentStep({ campaign, errors, readOnly, bind, clear }: StepProps) {
  const channel = campaign.action?.channel;
  const [content, setContent] = useState<CampaignContent>(
    () => campaign.content ?? { mode: 'single', content: starterMessage(channel ?? 'email') },
  );
  usePending(bind, () => (channel ? changed('content', campaign.content, content) : null));
  if (!channel)
    return (
      <Alert color="yellow" title="Choose the action first">
        The content is written for the action&apos;s channel.{' '}
        <Anchor component={Link} to={editPage(campaign.id, 'action')}>
          Choose a channel and configuration
        </Anchor>
        .
      </Alert>
    );
  const edit = (next: CampaignContent) => {
    setContent(next);
    clear('/content');
  };
  return (
    <Section
      title="Content"
      description="One message for everyone, variants by targeting rules, or an A/B experiment."
    >
      <Input.Wrapper label="Content" labelElement="div" error={errors['/content']}>
        <div>
          <SegmentedControl
            mt={4}
            aria-label="Content mode"
            disabled={readOnly}
            value={content.mode}
            data={[
              { value: 'single', label: 'Single message' },
              { value: 'rules', label: 'Targeting rules' },
              { value: 'experiment', label: 'Experiment' },
            ]}
            onChange={(mode) => {
              if (mode === 'single' || mode === 'rules' || mode === 'experiment')
                edit(convert(content, mode, channel));
            }}
          />
        </div>
      </Input.Wrapper>
      {content.mode === 'single' && (
        <MessageEditor
          channel={channel}
          label="Message"
          content={content.content}
          problems={problemsUnder(errors, '/content/content')}
          onChange={(message) => edit({ ...content, content: message })}
        />
      )}
      {content.mode === 'rules' && (
        <RulesEditor channel={channel} content={content} errors={errors} onChange={edit} />
      )}
      {content.mode === 'experiment' && (
        <ExperimentEditor channel={channel} content={content} errors={errors} onChange={edit} />
      )}
    </Section>
  );
}

function RulesEditor({
  channel,
  content,
  errors,
  onChange,
}: {
  channel: Channel;
  content: Rules;
  errors: StepProps['errors'];
  onChange: (content: Rules) => void;
}) {
  const audiences = useAudienceOptions();
  const setVariant = (index: number, variant: Rules['variants'][number]) =>
    onChange({
      ...content,
      variants: content.variants.map((v, at) => (at === index ? variant : v)),
    });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Each profile gets the first variant whose audience it belongs to.
      </Text>
      {content.variants.map((variant, index) => {
        const audienceId = audienceOf(variant.rule);
        const base = `/content/variants/${index}`;
        return (
          <Paper
            key={index}
            withBorder
            p="md"
            radius="sm"
            aria-label={`Variant ${index + 1}`}
            role="group"
          >
            <Group justify="space-between" mb="sm">
              <Title order={5}>{`Variant ${index + 1}`}</Title>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove variant ${index + 1}`}
                disabled={content.variants.length === 1}
                onClick={() =>
                  onChange({
                    ...content,
                    variants: content.variants.filter((_v, at) => at !== index),
                  })
                }
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <Group grow align="flex-start" mb="sm">
              <TextInput
                label="Name"
                value={variant.name}
                error={errors[`${base}/name`]}
                onChange={(event) =>
                  setVariant(index, { ...variant, name: event.currentTarget.value })
                }
              />
              <TextInput
                label="Key"
                description="Letters, digits, _ and -; shown in the report"
                value={variant.key}
                error={errors[`${base}/key`]}
                onChange={(event) =>
                  setVariant(index, { ...variant, key: event.currentTarget.value })
                }
              />
              {audienceId === undefined ? (
                <Text size="sm" mt={24}>
                  A rule made through the API; it is kept as it is.
                </Text>
              ) : (
                <Select
                  label="Profiles in audience"
                  data={audiences.options}
                  value={audienceId || null}
                  searchable
                  placeholder={audiences.loading ? 'Loading…' : 'Choose an audience'}
                  error={errorUnder(errors, `${base}/rule`)}
                  onChange={(id) => setVariant(index, { ...variant, rule: audienceRule(id ?? '') })}
                />
              )}
            </Group>
            <MessageEditor
              channel={channel}
              label={`Variant ${index + 1} message`}
              content={variant.content}
              problems={problemsUnder(errors, `${base}/content`)}
              onChange={(message) => setVariant(index, { ...variant, content: message })}
            />
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          disabled={content.variants.length >= 20}
          onClick={() =>
            onChange({
              ...content,
              variants: [
                ...content.variants,
                {
                  key: `v${content.variants.length + 1}`,
                  name: `Variant ${content.variants.length + 1}`,
                  rule: audienceRule(''),
                  content: mainMessage(content, channel),
                },
              ],
            })
          }
        >
          Add a variant
        </Button>
      </Group>
      <Paper withBorder p="md" radius="sm" aria-label="Fallback" role="group">
        <Switch
          label="Send a fallback message to profiles no rule matches (otherwise they are excluded)"
          checked={content.fallback !== null}
          onChange={(event) =>
            onChange({
              ...content,
              fallback: event.currentTarget.checked ? mainMessage(content, channel) : null,
            })
          }
          mb={content.fallback ? 'sm' : 0}
        />
        {content.fallback && (
          <MessageEditor
            channel={channel}
            label="Fallback message"
            content={content.fallback}
            problems={problemsUnder(errors, '/content/fallback')}
            onChange={(message) => onChange({ ...content, fallback: message })}
          />
        )}
      </Paper>
    </Stack>
  );
}

function ExperimentEditor({
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
