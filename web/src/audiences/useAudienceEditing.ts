// What every audience editor shares (rule builder, combination): name and description, the live
// count, local problems shown on request or on save, and saving with the server's messages
// placed on the fields they concern.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import type { RuleTree } from '../../../src/audiences/model.ts';
import { createAudience, updateAudience, type Audience } from '../api/audiences.ts';
import type { FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { fieldErrorsOf, isPlaced } from './fieldErrors.ts';
import { useLiveEvaluation } from './LivePanel.tsx';

export function useAudienceEditing({
  audience,
  audiences,
  rule,
  problems,
}: {
  audience: Audience | undefined;
  /** Every audience of the sandbox, to name them in the server's messages. */
  audiences: readonly Audience[];
  rule: RuleTree;
  problems: FieldErrors;
}) {
  const { sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState(audience?.name ?? '');
  const [description, setDescription] = useState(audience?.description ?? '');
  const [showProblems, setShowProblems] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const problemCount = Object.keys(problems).length;
  const evaluation = useLiveEvaluation(rule, problemCount === 0);
  const names = useMemo(() => new Map(audiences.map((a) => [a.id, a.name])), [audiences]);

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
      const inPlace = Object.keys(fields).length > 0 && Object.keys(fields).every(isPlaced);
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
  const unplaced = Object.keys(serverErrors).filter((path) => !isPlaced(path));
  const general =
    save.isError && (Object.keys(serverErrors).length === 0 || unplaced.length > 0)
      ? save.error.message
      : null;

  return {
    audience,
    name,
    description,
    errors,
    general,
    evaluation,
    problemCount,
    showProblems,
    saving: save.isPending,
    /** Something needs fixing before the audience can be saved, and the user has been told. */
    blocked: showProblems && (problemCount > 0 || !name.trim()),
    setName: (next: string) => {
      setName(next);
      setServerErrors({});
    },
    setDescription,
    /** Called on every change of the rule: the server's last word no longer applies. */
    clearServerErrors: () => setServerErrors({}),
    showAllProblems: () => setShowProblems(true),
    submit: (event: FormEvent) => {
      event.preventDefault();
      setShowProblems(true);
      if (problemCount === 0 && name.trim()) save.mutate();
    },
  };
}

export type AudienceEditing = ReturnType<typeof useAudienceEditing>;
