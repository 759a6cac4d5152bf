// One message of the campaign's channel, in the content editors' own fields, with a way to start
// from a saved template and the server's problems at their fields.
import { Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { MessageContent } from '../../api/campaigns.ts';
import type { Channel } from '../../api/channels.ts';
import { getTemplate, listTemplates, type TemplateProblem } from '../../api/content.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import type { CodeEditorHandle } from '../../content/CodeEditor.tsx';
import { STARTER_EMAIL, STARTER_PUSH, STARTER_SMS } from '../../content/drafts.ts';
import { EmailFields } from '../../content/EmailFields.tsx';
import { PushFields } from '../../content/PushFields.tsx';
import { SmsFields } from '../../content/SmsFields.tsx';
import { notifyFailure } from '../../ui/notify.ts';

export function starterMessage(channel: Channel): MessageContent {
  switch (channel) {
    case 'email':
      return STARTER_EMAIL;
    case 'sms':
      return STARTER_SMS;
    case 'push':
      return STARTER_PUSH;
  }
}

/** The problems under a campaign path, as the content editors name them (`/content/subject`). */
export function problemsUnder(errors: FieldErrors, prefix: string): TemplateProblem[] {
  return Object.entries(errors).flatMap(([path, message]) =>
    path === prefix || path.startsWith(`${prefix}/`)
      ? [{ path: `/content${path.slice(prefix.length)}`, message }]
      : [],
  );
}

export function MessageEditor({
  channel,
  content,
  onChange,
  problems,
  label,
}: {
  channel: Channel;
  content: MessageContent;
  onChange: (content: MessageContent) => void;
  problems: TemplateProblem[];
  label: string;
}) {
  const { sandbox } = useSession();
  const editor = useRef<CodeEditorHandle>(null);
  const [picking, setPicking] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['content-templates', sandbox, 'list', { q: '', channel }],
    queryFn: () => listTemplates({ q: '', channel }, undefined),
  });
  const insert = (text: string) => editor.current?.insert(text);
  const fromTemplate = async (id: string | null) => {
    if (!id) return;
    setPicking(id);
    try {
      const template = await getTemplate(id);
      onChange(template.content);
    } catch (error) {
      notifyFailure('Could not load the template', error);
    } finally {
      setPicking(null);
    }
  };
  const fields = (() => {
    if (channel === 'email')
      return (
        <EmailFields
          content={'subject' in content ? content : STARTER_EMAIL}
          onChange={onChange}
          problems={problems}
          editor={editor}
          onPick={insert}
        />
      );
    if (channel === 'sms')
      return (
        <SmsFields
          content={'subject' in content || 'title' in content ? STARTER_SMS : content}
          onChange={onChange}
          problems={problems}
          editor={editor}
          onPick={insert}
        />
      );
    return (
      <PushFields
        content={'title' in content ? content : STARTER_PUSH}
        onChange={onChange}
        problems={problems}
      />
    );
  })();
  return (
    <div aria-label={label} role="group">
      <Group justify="flex-end" mb="xs">
        <Select
          aria-label={`Start ${label.toLowerCase()} from a template`}
          placeholder={templates.isPending ? 'Loading templates…' : 'Start from a template…'}
          data={(templates.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
          value={null}
          disabled={picking !== null || (templates.data?.items.length ?? 0) === 0}
          onChange={(id) => void fromTemplate(id)}
          searchable
          size="xs"
          w={260}
        />
      </Group>
      {fields}
    </div>
  );
}
