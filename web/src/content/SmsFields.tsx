// An SMS: its text with a live counter of encoding, characters and segments.
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Ref } from 'react';
import { analyseSms } from '../../../src/content/sms.ts';
import type { SmsContent, TemplateProblem } from '../api/content.ts';
import CodeEditor, { type CodeEditorHandle } from './CodeEditor.tsx';
import { editorProblems } from './drafts.ts';
import { PersonalizationPicker } from './PersonalizationPicker.tsx';

export function SmsCounter({ text, label }: { text: string; label: string }) {
  const analysis = analyseSms(text);
  return (
    <Group gap="xs" aria-label={label} data-testid="sms-counter">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Badge variant="light" color={analysis.encoding === 'GSM-7' ? 'teal' : 'orange'}>
        {analysis.encoding}
      </Badge>
      <Text size="xs">
        {analysis.characters} characters · {analysis.units}/
        {analysis.segments > 1
          ? analysis.segments * analysis.unitsPerSegment
          : analysis.unitsPerSegment}{' '}
        {analysis.encoding === 'GSM-7' ? 'septets' : 'units'} ·{' '}
        <b>
          {analysis.segments} {analysis.segments === 1 ? 'segment' : 'segments'}
        </b>
      </Text>
      {analysis.nonGsmCharacters.length > 0 && (
        <Text size="xs" c="orange">
          UCS-2 because of {analysis.nonGsmCharacters.slice(0, 6).join(' ')}
        </Text>
      )}
    </Group>
  );
}

export function SmsFields({
  content,
  onChange,
  problems,
  editor,
  onPick,
}: {
  content: SmsContent;
  onChange: (content: SmsContent) => void;
  problems: readonly TemplateProblem[];
  editor: Ref<CodeEditorHandle>;
  onPick: (text: string) => void;
}) {
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <PersonalizationPicker onPick={onPick} />
      </Group>
      <CodeEditor
        label="Message"
        language="text"
        value={content.body}
        onChange={(body) => onChange({ body })}
        problems={editorProblems(problems, '/content/body')}
        minHeight={140}
        handle={editor}
      />
      <SmsCounter text={content.body} label="As written" />
      <Text size="xs" c="dimmed">
        Personalized values change the length: the preview counts the rendered message.
      </Text>
    </Stack>
  );
}
