// Create or change a fragment: name, kind and body in the code editor; problems (cycles,
// unknown fragments, bad syntax) marked at their line; deleting one in use names its users.
import {
  Alert,
  Button,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, messageOf } from '../api/client.ts';
import {
  createFragment,
  deleteFragment,
  getFragment,
  problemsOf,
  updateFragment,
  type Fragment,
  type FragmentInput,
  type TemplateProblem,
} from '../api/content.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import CodeEditor, { type CodeEditorHandle } from './CodeEditor.tsx';
import { editorProblems } from './drafts.ts';
import { PersonalizationPicker } from './PersonalizationPicker.tsx';
import { ProblemList } from './ProblemList.tsx';

export default function FragmentEditorPage() {
  const { id } = useParams();
  const { sandbox } = useSession();
  const fragment = useQuery({
    queryKey: ['content-fragments', sandbox, id],
    queryFn: () => getFragment(id ?? ''),
    enabled: id !== undefined,
  });
  if (id === undefined)
    return <FragmentEditor initial={{ name: '', kind: 'html', description: '', body: '' }} />;
  if (!fragment.data) return <QueryState query={fragment} label="Loading the fragment" />;
  return (
    <FragmentEditor
      key={`${fragment.data.id}-${fragment.data.version}`}
      fragment={fragment.data}
      initial={{
        name: fragment.data.name,
        kind: fragment.data.kind,
        description: fragment.data.description,
        body: fragment.data.body,
      }}
    />
  );
}

function FragmentEditor({ fragment, initial }: { fragment?: Fragment; initial: FragmentInput }) {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const editable = can('content.write');
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [nameError, setNameError] = useState<string | undefined>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | undefined>();
  const editor = useRef<CodeEditorHandle>(null);

  const save = useMutation({
    mutationFn: (input: FragmentInput) =>
      fragment ? updateFragment(fragment.id, input) : createFragment(input),
    onSuccess: async (saved) => {
      notifySuccess(`Fragment "${saved.name}" saved.`);
      setProblems([]);
      await queryClient.invalidateQueries({ queryKey: ['content-fragments', sandbox] });
      if (!fragment) void navigate(`/content/fragments/${saved.id}`, { replace: true });
    },
    onError: (error) => {
      const found = problemsOf(error);
      setProblems(found);
      const name =
        error instanceof ApiError ? error.fieldErrors.find((f) => f.path === '/name') : undefined;
      setNameError(name?.message);
      if (found.length === 0 && !name) notifyFailure('The fragment was not saved', error);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteFragment(fragment?.id ?? ''),
    onSuccess: async () => {
      notifySuccess(`Fragment "${draft.name}" deleted.`);
      await queryClient.invalidateQueries({ queryKey: ['content-fragments', sandbox] });
      void navigate('/content/fragments');
    },
    onError: (error) => {
      setConfirmDelete(false);
      setDeleteError(messageOf(error));
    },
  });
  const set = (patch: Partial<FragmentInput>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setProblems([]);
  };

  return (
    <>
      <PageHeader
        title={fragment ? fragment.name : 'New fragment'}
        description={
          fragment
            ? `Included as {{> ${fragment.name}}} · version ${fragment.version}`
            : 'A reusable piece of content, included in templates with {{> name}}.'
        }
        action={
          editable && (
            <Group gap="xs">
              {fragment && (
                <Button variant="default" color="red" onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
              )}
              <Button
                loading={save.isPending}
                disabled={draft.name.trim() === ''}
                onClick={() => save.mutate({ ...draft, name: draft.name.trim() })}
              >
                Save fragment
              </Button>
            </Group>
          )
        }
      />
      <Stack gap="md" maw={960}>
        {deleteError && (
          <Alert
            color="red"
            variant="light"
            title="Not deleted"
            withCloseButton
            onClose={() => setDeleteError(undefined)}
          >
            {deleteError}
          </Alert>
        )}
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput
                label="Name"
                description="Letters, digits, _ . / -"
                value={draft.name}
                onChange={(event) => {
                  set({ name: event.currentTarget.value });
                  setNameError(undefined);
                }}
                error={nameError}
                required
                readOnly={!editable}
              />
              <Input.Wrapper label="Kind" description="Where the fragment is meant to be used">
                <SegmentedControl
                  aria-label="Kind"
                  fullWidth
                  value={draft.kind}
                  onChange={(value) => set({ kind: value === 'text' ? 'text' : 'html' })}
                  data={[
                    { value: 'html', label: 'HTML (email)' },
                    { value: 'text', label: 'Text (SMS, push)' },
                  ]}
                />
              </Input.Wrapper>
            </Group>
            <Textarea
              label="Description"
              value={draft.description ?? ''}
              onChange={(event) => set({ description: event.currentTarget.value })}
              autosize
              minRows={1}
              readOnly={!editable}
            />
          </Stack>
        </Paper>
        <ProblemList
          problems={problems}
          onReveal={(problem) => {
            if (problem.line !== undefined && !problem.fragment)
              editor.current?.reveal(problem.line, problem.column ?? 1);
          }}
        />
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Group justify="flex-end">
              <PersonalizationPicker onPick={(text) => editor.current?.insert(text)} />
            </Group>
            <CodeEditor
              label="Body"
              language={draft.kind === 'html' ? 'html' : 'text'}
              value={draft.body}
              onChange={(body) => set({ body })}
              problems={editorProblems(
                problems.map((problem) => ({ ...problem, path: `/content${problem.path}` })),
                '/content/body',
              )}
              minHeight={260}
              handle={editor}
            />
          </Stack>
        </Paper>
      </Stack>
      <ConfirmModal
        opened={confirmDelete}
        title="Delete this fragment?"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmDelete(false)}
      >
        {`Templates can no longer include {{> ${draft.name}}}. A fragment that is in use cannot be deleted.`}
      </ConfirmModal>
    </>
  );
}
