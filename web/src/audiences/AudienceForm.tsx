// The rule builder: name and description, the rule as nested cards, and the live count beside
// it. Problems found here and those the server names appear on the field or card they concern.
import {
  Alert,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { RuleTree } from '../../../src/audiences/model.ts';
import { createAudience, updateAudience, type Audience } from '../api/audiences.ts';
import { ApiError } from '../api/client.ts';
import type { FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { draftOfRule, ruleOfDraft } from './convert.ts';
import { emptyDraft, isGroupDraft, newGroup, type GroupDraft } from './draft.ts';
import { LivePanel, useLiveEvaluation } from './LivePanel.tsx';
import { ROOT_PATH, ruleContext, ruleProblems } from './problems.ts';
import { GroupCard, type BuilderEnv } from './RuleTreeEditor.tsx';
import type { BuilderData } from './useBuilderData.ts';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The server's messages per field, with the ids of known audiences replaced by their names. */
function fieldErrorsOf(error: unknown, names: ReadonlyMap<string, string>): FieldErrors {
  const out: FieldErrors = {};
  if (error instanceof ApiError)
    for (const detail of error.fieldErrors) {
      const message = detail.message.replace(UUID, (id) => {
        const name = names.get(id);
        return name ? `"${name}"` : id;
      });
      out[detail.path] ??= sentence(message);
    }
  return out;
}

/** The builder always edits a group; a stored rule whose root is one condition is wrapped. */
function initialRoot(audience: Audience | undefined): { root: GroupDraft; wrapped: boolean } {
  if (audience?.kind !== 'rule') return { root: emptyDraft(), wrapped: false };
  const root = draftOfRule(audience.rule);
  return isGroupDraft(root)
    ? { root, wrapped: false }
    : { root: newGroup('and', [root]), wrapped: true };
}

const placed = (path: string) =>
  path === '/name' || path === '/description' || path.startsWith(ROOT_PATH);

export function AudienceForm({
  audience,
  data,
}: {
  audience?: Audience | undefined;
  data: BuilderData;
}) {
  const { sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [initial] = useState(() => initialRoot(audience));
  const [root, setRoot] = useState<GroupDraft>(initial.root);
  const [name, setName] = useState(audience?.name ?? '');
  const [description, setDescription] = useState(audience?.description ?? '');
  const [showProblems, setShowProblems] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  const rule: RuleTree = useMemo(() => {
    const only = root.children[0];
    const unwrap = initial.wrapped && root.op === 'and' && root.children.length === 1 && only;
    return ruleOfDraft(unwrap || root);
  }, [root, initial.wrapped]);
  const context = useMemo(
    () =>
      ruleContext({
        datasets: data.datasets,
        audiences: data.audiences.map((a) => a.id),
        subscriptionLists: data.lists.map((l) => l.id),
      }),
    [data],
  );
  const names = useMemo(() => new Map(data.audiences.map((a) => [a.id, a.name])), [data]);
  const problems = useMemo(() => ruleProblems(rule, context), [rule, context]);
  const problemCount = Object.keys(problems).length;
  const evaluation = useLiveEvaluation(rule, problemCount === 0);

  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), description: description.trim(), rule };
      return audience ? updateAudience(audience.id, body) : createAudience(body);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(['audience', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['audiences'], refetchType: 'all' });
      notifySuccess(`The audience "${saved.name}" was saved.`);
      void navigate(`/audiences/${saved.id}`);
    },
    onError: (error) => {
      const fields = fieldErrorsOf(error, names);
      setServerErrors(fields);
      const inPlace = Object.keys(fields).length > 0 && Object.keys(fields).every(placed);
      notifyFailure(
        'The audience was not saved',
        inPlace ? new Error('See the fields marked in red.') : error,
      );
    },
  });

  const local: FieldErrors = showProblems ? { ...problems } : {};
  if (showProblems && !name.trim()) local['/name'] = 'Give the audience a name';
  const errors: FieldErrors = {
    ...local,
    ...fieldErrorsOf(evaluation.query.error, names),
    ...serverErrors,
  };
  const env: BuilderEnv = { ...data, selfId: audience?.id, errors };
  const unplaced = Object.keys(serverErrors).filter((path) => !placed(path));
  const general =
    save.isError && (Object.keys(serverErrors).length === 0 || unplaced.length > 0)
      ? save.error.message
      : null;

  const changeRoot = (next: GroupDraft) => {
    setRoot(next);
    setServerErrors({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    if (problemCount === 0 && name.trim()) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <PageHeader
        title={audience ? `Edit ${audience.name}` : 'Create audience'}
        description="Combine conditions on attributes, events, consent, subscriptions, datasets and other audiences. The count on the right follows every change."
      />
      {general && (
        <Alert color="red" role="alert" title="The audience was not saved" mb="md" maw={900}>
          {general}
        </Alert>
      )}
      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <Paper withBorder radius="md" p="lg">
              <Stack gap="sm" maw={640}>
                <TextInput
                  label="Name"
                  value={name}
                  onChange={(event) => {
                    setName(event.currentTarget.value);
                    setServerErrors({});
                  }}
                  error={errors['/name']}
                  required
                />
                <Textarea
                  label="Description"
                  value={description}
                  onChange={(event) => setDescription(event.currentTarget.value)}
                  error={errors['/description']}
                  autosize
                  minRows={2}
                />
              </Stack>
            </Paper>
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="rule-title">
              <Title order={3} size="h4" mb="sm" id="rule-title">
                Rule
              </Title>
              <GroupCard group={root} path={ROOT_PATH} number="" env={env} onChange={changeRoot} />
            </Paper>
            <Group>
              <Button type="submit" loading={save.isPending}>
                {audience ? 'Save changes' : 'Save audience'}
              </Button>
              <Button
                variant="default"
                component={Link}
                to={audience ? `/audiences/${audience.id}` : '/audiences'}
              >
                Cancel
              </Button>
              {showProblems && (problemCount > 0 || !name.trim()) && (
                <Text size="sm" c="red">
                  Fix the fields marked in red first.
                </Text>
              )}
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Box pos="sticky" top={76}>
            <LivePanel
              evaluation={evaluation}
              problemCount={problemCount}
              problemsShown={showProblems}
              onShowProblems={() => setShowProblems(true)}
            />
          </Box>
        </Grid.Col>
      </Grid>
    </form>
  );
}
