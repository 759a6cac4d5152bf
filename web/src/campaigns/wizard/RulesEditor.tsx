// Targeted variants: each profile gets the first variant whose audience it belongs to, the
// others the fallback (or nothing).
import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Channel } from '../../api/channels.ts';
import { errorUnder } from '../../governance/fieldErrors.ts';
import { useAudienceOptions } from './audienceOptions.ts';
import { audienceOf, audienceRule, mainMessage, type Rules } from './contentDraft.ts';
import { MessageEditor, problemsUnder } from './MessageEditor.tsx';
import type { StepProps } from './step.ts';

export function RulesEditor({
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
