// The fields of an email: subject, preheader, HTML or MJML body in the code editor, an optional
// written text part, and sender overrides.
import { Group, SegmentedControl, Stack, Switch, TextInput } from '@mantine/core';
import type { Ref } from 'react';
import type { EmailContent, TemplateProblem } from '../api/content.ts';
import CodeEditor, { type CodeEditorHandle } from './CodeEditor.tsx';
import { STARTER_EMAIL, STARTER_MJML, editorProblems, fieldError } from './drafts.ts';
import { PersonalizationPicker } from './PersonalizationPicker.tsx';

export function EmailFields({
  content,
  onChange,
  problems,
  editor,
  onPick,
}: {
  content: EmailContent;
  onChange: (content: EmailContent) => void;
  problems: readonly TemplateProblem[];
  editor: Ref<CodeEditorHandle>;
  onPick: (text: string) => void;
}) {
  const set = <K extends keyof EmailContent>(key: K, value: EmailContent[K]) =>
    onChange({ ...content, [key]: value });
  const optional = (key: 'preheader' | 'senderName' | 'replyTo', value: string) => {
    const next = { ...content };
    if (value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const switchFormat = (format: 'html' | 'mjml') => {
    // An untouched starter body follows the format; anything written stays as it is.
    const untouched = content.body === STARTER_EMAIL.body || content.body === STARTER_MJML;
    const body = untouched ? (format === 'mjml' ? STARTER_MJML : STARTER_EMAIL.body) : content.body;
    onChange({ ...content, format, body });
  };

  return (
    <Stack gap="sm">
      <TextInput
        label="Subject"
        value={content.subject}
        onChange={(event) => set('subject', event.currentTarget.value)}
        error={fieldError(problems, '/content/subject')}
        required
      />
      <TextInput
        label="Preheader"
        description="Shown after the subject in the inbox; hidden in the message"
        value={content.preheader ?? ''}
        onChange={(event) => optional('preheader', event.currentTarget.value)}
        error={fieldError(problems, '/content/preheader')}
      />
      <Group gap="sm" grow>
        <TextInput
          label="Sender name"
          description="Overrides the channel configuration"
          value={content.senderName ?? ''}
          onChange={(event) => optional('senderName', event.currentTarget.value)}
          error={fieldError(problems, '/content/senderName')}
        />
        <TextInput
          label="Reply-to"
          description="Overrides the channel configuration"
          value={content.replyTo ?? ''}
          onChange={(event) => optional('replyTo', event.currentTarget.value)}
          error={fieldError(problems, '/content/replyTo')}
        />
      </Group>
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          size="xs"
          value={content.format}
          onChange={(value) => switchFormat(value === 'mjml' ? 'mjml' : 'html')}
          aria-label="Body format"
          data={[
            { value: 'html', label: 'HTML' },
            { value: 'mjml', label: 'MJML' },
          ]}
        />
        <PersonalizationPicker onPick={onPick} />
      </Group>
      <CodeEditor
        label={content.format === 'mjml' ? 'Body (MJML)' : 'Body (HTML)'}
        language="html"
        value={content.body}
        onChange={(body) => set('body', body)}
        problems={editorProblems(problems, '/content/body')}
        minHeight={380}
        handle={editor}
      />
      <Switch
        label="Write the plain-text part myself (otherwise it is made from the HTML)"
        checked={content.text !== undefined}
        onChange={(event) => {
          const next = { ...content };
          if (event.currentTarget.checked) next.text = '';
          else delete next.text;
          onChange(next);
        }}
      />
      {content.text !== undefined && (
        <CodeEditor
          label="Plain text"
          language="text"
          value={content.text}
          onChange={(text) => set('text', text)}
          problems={editorProblems(problems, '/content/text')}
          minHeight={160}
        />
      )}
    </Stack>
  );
}
