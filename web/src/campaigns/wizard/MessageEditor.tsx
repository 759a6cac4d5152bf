// One message of the campaign's channel, in the content editors' own fields, with a way to start
// from a saved template and the server's problems at their fields.
import { Button, Drawer, Group, Select } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { MessageContent } from '../../api/campaigns.ts';
import type { Channel } from '../../api/channels.ts';
import { getTemplate, listTemplates, type TemplateProblem } from '../../api/content.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import type { PreviewRequest } from '../../../../src/content/model.ts';
import type { CodeEditorHandle } from '../../content/CodeEditor.tsx';
import { ContentPreviewPanel } from '../../content/ContentPreviewPanel.tsx';
import { usePreviewSource, type PreviewSourceState } from '../../content/PreviewSourcePicker.tsx';
import { useLivePreview } from '../../content/useLivePreview.ts';
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

/** What the preview renders: the message as its channel's content, for the chosen source. */
function previewRequest(
  channel: Channel,
  content: MessageContent,
  source: PreviewSourceState,
): PreviewRequest | null {
  if (source.invalid) return null;
  if (channel === 'email' && 'subject' in content) return { channel, content, ...source.source };
  if (channel === 'push' && 'title' in content) return { channel, content, ...source.source };
  if (channel === 'sms' && !('subject' in content) && !('title' in content))
    return { channel, content, ...source.source };
  return null;
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
  const [previewing, setPreviewing] = useState(false);
  const { state: sourceState, picker } = usePreviewSource();
  const preview = useLivePreview(previewing ? previewRequest(channel, content, sourceState) : null);
  // The preview's positioned problems are the freshest; the server's from the last save otherwise.
  const shown = preview.problems.length > 0 ? preview.problems : problems;
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
          problems={shown}
          editor={editor}
          onPick={insert}
        />
      );
    if (channel === 'sms')
      return (
        <SmsFields
          content={'subject' in content || 'title' in content ? STARTER_SMS : content}
          onChange={onChange}
          problems={shown}
          editor={editor}
          onPick={insert}
        />
      );
    return (
      <PushFields
        content={'title' in content ? content : STARTER_PUSH}
        onChange={onChange}
        problems={shown}
      />
    );
  })();
  return (
    <div aria-label={label} role="group">
      <Group justify="flex-end" mb="xs">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconEye size={14} />}
          onClick={() => setPreviewing(true)}
        >
          Preview
        </Button>
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
      {/* A drawer: the rendered message beside the fields, closed again to go on. */}
      <Drawer
        opened={previewing}
        onClose={() => setPreviewing(false)}
        position="right"
        size="lg"
        title={`Preview: ${label.toLowerCase()}`}
      >
        {previewing && (
          <ContentPreviewPanel
            picker={picker}
            result={preview.result}
            loading={preview.loading}
            error={preview.error}
            hasProblems={preview.problems.length > 0}
            invalidSource={sourceState.invalid}
          />
        )}
      </Drawer>
    </div>
  );
}
