// Create or change a content template: the channel's fields on the left, a live preview for a
// test profile or sample data on the right, problems marked where they are.
import { Button, Grid, Group, Paper, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  problemsOf,
  updateTemplate,
  type ChannelContent,
  type ContentTemplate,
  type TemplateInput,
  type TemplateProblem,
} from '../api/content.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import type { CodeEditorHandle } from './CodeEditor.tsx';
import { ContentPreviewPanel } from './ContentPreviewPanel.tsx';
import { CHANNEL_LABELS, starterContent } from './drafts.ts';
import { EmailFields } from './EmailFields.tsx';
import { ProblemList } from './ProblemList.tsx';
import { ProofModal } from './ProofModal.tsx';
import { PushFields } from './PushFields.tsx';
import { usePreviewSource } from './PreviewSourcePicker.tsx';
import { SmsFields } from './SmsFields.tsx';
import { useLivePreview } from './useLivePreview.ts';

interface Draft {
  name: string;
  description: string;
  content: ChannelContent;
}

function inputOf(draft: Draft): TemplateInput {
  const common = { name: draft.name.trim(), description: draft.description };
  switch (draft.content.channel) {
    case 'email':
      return { ...common, channel: 'email', content: draft.content.content };
    case 'sms':
      return { ...common, channel: 'sms', content: draft.content.content };
    case 'push':
      return { ...common, channel: 'push', content: draft.content.content };
  }
}

function draftOf(template: ContentTemplate): Draft {
  const content: ChannelContent =
    template.channel === 'email'
      ? { channel: 'email', content: template.content }
      : template.channel === 'sms'
        ? { channel: 'sms', content: template.content }
        : { channel: 'push', content: template.content };
  return { name: template.name, description: template.description, content };
}

export default function TemplateEditorPage() {
  const { id } = useParams();
  const { sandbox } = useSession();
  const [params] = useSearchParams();
  const template = useQuery({
    queryKey: ['content-templates', sandbox, id],
    queryFn: () => getTemplate(id ?? ''),
    enabled: id !== undefined,
  });
  if (id === undefined) {
    const requested = params.get('channel');
    const channel = requested === 'sms' || requested === 'push' ? requested : 'email';
    return (
      <TemplateEditor
        key={`new-${channel}`}
        initial={{ name: '', description: '', content: starterContent(channel) }}
      />
    );
  }
  if (!template.data) return <QueryState query={template} label="Loading the template" />;
  return (
    <TemplateEditor
      key={`${template.data.id}-${template.data.version}`}
      id={template.data.id}
      initial={draftOf(template.data)}
    />
  );
}

function TemplateEditor({ id, initial }: { id?: string; initial: Draft }) {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const editable = can('content.write');
  const [draft, setDraft] = useState(initial);
  const [saveProblems, setSaveProblems] = useState<TemplateProblem[]>([]);
  const [nameError, setNameError] = useState<string | undefined>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [proofOpen, setProofOpen] = useState(false);
  const editor = useRef<CodeEditorHandle>(null);
  const { state: sourceState, picker } = usePreviewSource();
  const preview = useLivePreview(
    sourceState.invalid ? null : { ...draft.content, ...sourceState.source },
  );
  const problems = preview.problems.length > 0 ? preview.problems : saveProblems;
  const channel = draft.content.channel;

  const change = (content: ChannelContent) => {
    setDraft((current) => ({ ...current, content }));
    setSaveProblems([]);
  };
  const save = useMutation({
    mutationFn: (input: TemplateInput) => (id ? updateTemplate(id, input) : createTemplate(input)),
    onSuccess: async (saved) => {
      notifySuccess(`Template "${saved.name}" saved.`);
      await queryClient.invalidateQueries({ queryKey: ['content-templates', sandbox] });
      if (!id) void navigate(`/content/templates/${saved.id}`, { replace: true });
    },
    onError: (error) => {
      setSaveProblems(problemsOf(error));
      const name =
        error instanceof ApiError ? error.fieldErrors.find((f) => f.path === '/name') : undefined;
      setNameError(name?.message);
      notifyFailure('The template was not saved', error);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteTemplate(id ?? ''),
    onSuccess: async () => {
      notifySuccess(`Template "${draft.name}" deleted.`);
      await queryClient.invalidateQueries({ queryKey: ['content-templates', sandbox] });
      void navigate('/content/templates');
    },
    onError: (error) => notifyFailure('The template was not deleted', error),
  });
  const reveal = (problem: TemplateProblem) => {
    if (problem.path === '/content/body' && problem.line !== undefined && !problem.fragment)
      editor.current?.reveal(problem.line, problem.column ?? 1);
  };
  const pick = (text: string) => editor.current?.insert(text);

  return (
    <>
      <PageHeader
        title={
          id ? draft.name || 'Template' : `New ${channel === 'sms' ? 'SMS' : channel} template`
        }
        description={`${CHANNEL_LABELS[channel]} content with personalization. The preview renders it for a test profile or sample data as you write.`}
        action={
          editable && (
            <Group gap="xs">
              {id && (
                <Button variant="default" color="red" onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
              )}
              <Button variant="default" onClick={() => setProofOpen(true)}>
                Send proof
              </Button>
              <Button
                loading={save.isPending}
                disabled={draft.name.trim() === ''}
                onClick={() => save.mutate(inputOf(draft))}
              >
                Save template
              </Button>
            </Group>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              <Stack gap="sm">
                <TextInput
                  label="Name"
                  value={draft.name}
                  onChange={(event) => {
                    const name = event.currentTarget.value;
                    setDraft((current) => ({ ...current, name }));
                    setNameError(undefined);
                  }}
                  error={nameError}
                  required
                  readOnly={!editable}
                />
                <Textarea
                  label="Description"
                  value={draft.description}
                  onChange={(event) => {
                    const description = event.currentTarget.value;
                    setDraft((current) => ({ ...current, description }));
                  }}
                  autosize
                  minRows={1}
                  readOnly={!editable}
                />
              </Stack>
            </Paper>
            <ProblemList problems={problems} onReveal={reveal} />
            <Paper withBorder radius="md" p="md">
              {draft.content.channel === 'email' ? (
                <EmailFields
                  content={draft.content.content}
                  onChange={(content) => change({ channel: 'email', content })}
                  problems={problems}
                  editor={editor}
                  onPick={pick}
                />
              ) : draft.content.channel === 'sms' ? (
                <SmsFields
                  content={draft.content.content}
                  onChange={(content) => change({ channel: 'sms', content })}
                  problems={problems}
                  editor={editor}
                  onPick={pick}
                />
              ) : (
                <PushFields
                  content={draft.content.content}
                  onChange={(content) => change({ channel: 'push', content })}
                  problems={problems}
                />
              )}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <ContentPreviewPanel
            picker={picker}
            result={preview.result}
            loading={preview.loading}
            error={preview.error}
            hasProblems={preview.problems.length > 0}
            invalidSource={sourceState.invalid}
          />
        </Grid.Col>
      </Grid>
      {editable && (
        <ProofModal
          opened={proofOpen}
          onClose={() => setProofOpen(false)}
          content={draft.content}
          profileId={sourceState.source.profileId}
          context={sourceState.source.context}
        />
      )}
      <ConfirmModal
        opened={confirmDelete}
        title="Delete this template?"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmDelete(false)}
      >
        The template "{draft.name}" is removed for everyone in this sandbox.
      </ConfirmModal>
    </>
  );
}
