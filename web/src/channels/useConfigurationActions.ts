// Saving and the status changes of a configuration. Activating saves pending edits first, so what
// is checked is what is on the screen; every problem the server lists comes back to the form.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import {
  changeConfigurationStatus,
  createConfiguration,
  deleteConfiguration,
  updateConfiguration,
  type Configuration,
  type ConfigurationInput,
} from '../api/channels.ts';
import { messageOf } from '../api/client.ts';
import type { FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { configurationErrors, serverProblems } from './fields.ts';

export const configurationKey = (sandbox: string, id: string) => [
  'channel-configurations',
  sandbox,
  id,
];
/** Lists are keyed under this prefix, then by their filters. */
export const configurationListKey = (sandbox: string) => [
  'channel-configurations',
  sandbox,
  'list',
];
export const configurationPage = (id: string) => `/channels/configurations/${id}`;

export interface Outcome {
  /** The problems to show at their fields, under this title. */
  problems: { title: string; errors: FieldErrors } | null;
  /** A failure that belongs to no field. */
  general: string | null;
}

interface Options {
  configuration: Configuration | undefined;
  /** The body to send, or null when the form has no unsaved edits. */
  pending: () => ConfigurationInput | null;
  onSaved: (saved: Configuration) => void;
  onOutcome: (outcome: Outcome) => void;
}

export function useConfigurationActions({ configuration, pending, onSaved, onOutcome }: Options) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const stored = async (saved: Configuration) => {
    queryClient.setQueryData(configurationKey(sandbox, saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: configurationListKey(sandbox) });
    onSaved(saved);
  };
  const failed = (title: string, error: unknown) => {
    const errors = serverProblems(error);
    onOutcome(
      Object.keys(errors).length > 0
        ? { problems: { title, errors }, general: null }
        : { problems: null, general: messageOf(error) },
    );
  };
  /** Checks the form here first; null when it has problems (already shown). */
  const checked = (title: string): ConfigurationInput | null | 'clean' => {
    const body = pending();
    if (body === null) return 'clean';
    const errors = configurationErrors(body);
    if (Object.keys(errors).length === 0) return body;
    onOutcome({ problems: { title, errors }, general: null });
    return null;
  };

  const save = useMutation({
    mutationFn: async (body: ConfigurationInput) =>
      configuration ? updateConfiguration(configuration.id, body) : createConfiguration(body),
    onSuccess: async (saved) => {
      await stored(saved);
      onOutcome({ problems: null, general: null });
      notifySuccess(
        configuration ? `${saved.name} was saved.` : `${saved.name} was created as a draft.`,
      );
      if (!configuration) void navigate(configurationPage(saved.id), { replace: true });
    },
    onError: (error) => failed('The configuration was not saved', error),
  });

  const activate = useMutation({
    mutationFn: async ({ id, body }: { id: string; body: ConfigurationInput | null }) => {
      if (body) await stored(await updateConfiguration(id, body));
      return changeConfigurationStatus(id, 'activate');
    },
    onSuccess: async (saved) => {
      await stored(saved);
      onOutcome({ problems: null, general: null });
      notifySuccess(`${saved.name} is active.`);
    },
    onError: (error) => failed('The configuration cannot be activated yet', error),
  });

  const deactivate = useMutation({
    mutationFn: (id: string) => changeConfigurationStatus(id, 'deactivate'),
    onSuccess: async (saved) => {
      await stored(saved);
      notifySuccess(`${saved.name} is deactivated; new sends cannot use it.`);
    },
    onError: (error) => notifyFailure('Could not deactivate the configuration', error),
  });

  const remove = useMutation({
    mutationFn: (target: Configuration) => deleteConfiguration(target.id),
    onSuccess: async (_nothing, target) => {
      queryClient.removeQueries({ queryKey: configurationKey(sandbox, target.id) });
      await queryClient.invalidateQueries({ queryKey: configurationListKey(sandbox) });
      notifySuccess(`${target.name} was deleted.`);
      void navigate('/channels/configurations');
    },
    onError: (error) => notifyFailure('Could not delete the configuration', error),
  });

  return {
    busy: save.isPending || activate.isPending || deactivate.isPending || remove.isPending,
    saving: save.isPending,
    activating: activate.isPending,
    deactivating: deactivate.isPending,
    deleting: remove.isPending,
    save: () => {
      const body = checked('Fix these before saving');
      if (body !== null && body !== 'clean') save.mutate(body);
    },
    activate: () => {
      if (!configuration) return;
      const body = checked('Fix these before activating');
      if (body !== null)
        activate.mutate({ id: configuration.id, body: body === 'clean' ? null : body });
    },
    deactivate: () => configuration && deactivate.mutate(configuration.id),
    remove: () => configuration && remove.mutate(configuration),
  };
}
