// The webhook's settings: URL, signing secret (write-only), enabled; save, send a test event,
// remove. Validated with the server's schema; the server's field errors shown in place.
import {
  Alert,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FeedbackWebhookInput, webhookUrlProblem } from '../../../src/webhooks/model.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import {
  deleteFeedbackWebhook,
  saveFeedbackWebhook,
  sendTestEvent,
  type FeedbackWebhook,
  type TestResult,
} from './api.ts';

const FIELDS = ['/url', '/secret', '/enabled'] as const;

export function WebhookSettingsForm({ webhook }: { webhook: FeedbackWebhook | null }) {
  const { can, sandbox } = useSession();
  const queryClient = useQueryClient();
  const canWrite = can('channels.write');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [tested, setTested] = useState<TestResult | null>(null);
  const [removing, setRemoving] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['feedback-webhook', sandbox] });
  const save = useMutation({
    mutationFn: saveFeedbackWebhook,
    onSuccess: async () => {
      setSecret('');
      await refresh();
      notifySuccess('The feedback webhook was saved.');
    },
    onError: (error) => {
      const found = serverErrors(error, FIELDS);
      setErrors(found.fields);
      setGeneral(found.general);
    },
  });
  const test = useMutation({
    mutationFn: sendTestEvent,
    onSuccess: async (result) => {
      setTested(result);
      await queryClient.invalidateQueries({ queryKey: ['feedback-webhook-events', sandbox] });
    },
    onError: (error) => notifyFailure('Could not send the test event', error),
  });
  const remove = useMutation({
    mutationFn: deleteFeedbackWebhook,
    onSuccess: async () => {
      setRemoving(false);
      setUrl('');
      setTested(null);
      await refresh();
      notifySuccess('The feedback webhook was removed.');
    },
    onError: (error) => {
      setRemoving(false);
      notifyFailure('Could not remove the feedback webhook', error);
    },
  });

  function submit() {
    const body: FeedbackWebhookInput = { url: url.trim(), enabled, ...(secret ? { secret } : {}) };
    const found = schemaErrors(FeedbackWebhookInput, body);
    const urlProblem = body.url ? webhookUrlProblem(body.url) : undefined;
    if (urlProblem) found['/url'] ??= `The URL ${urlProblem}`;
    if (!webhook && !secret) found['/secret'] ??= 'Required for a new webhook';
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length === 0) save.mutate(body);
  }

  return (
    <Paper withBorder radius="md" p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md" maw={640}>
          {general && (
            <Alert color="red" title="Not saved">
              {general}
            </Alert>
          )}
          <TextInput
            label="Webhook URL"
            description="HTTPS endpoint that receives the events (http only for localhost)."
            placeholder="https://example.com/hooks/clarion"
            value={url}
            onChange={(event) => {
              setUrl(event.currentTarget.value);
              setErrors((e) => clearField(e, '/url'));
            }}
            error={errors['/url']}
            disabled={!canWrite}
            required
          />
          <PasswordInput
            label="Signing secret"
            description={
              webhook?.secretSet
                ? 'A secret is stored and never shown. Type a new one to replace it.'
                : 'At least 16 characters; requests are signed with it (x-clarion-signature).'
            }
            placeholder={webhook?.secretSet ? '•••••••• (unchanged)' : undefined}
            value={secret}
            onChange={(event) => {
              setSecret(event.currentTarget.value);
              setErrors((e) => clearField(e, '/secret'));
            }}
            error={errors['/secret']}
            disabled={!canWrite}
            autoComplete="new-password"
          />
          <Switch
            label="Send events"
            description="While off, nothing is collected or sent."
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
            disabled={!canWrite}
          />
          {webhook && (
            <Text size="xs" c="dimmed">
              Last changed {formatDateTime(webhook.updatedAt)} by {webhook.updatedBy}
            </Text>
          )}
          {tested && (
            <Alert
              color={tested.delivered ? 'green' : 'red'}
              title={tested.delivered ? 'Test event delivered' : 'Test event not delivered'}
            >
              {tested.statusCode !== null
                ? `The receiver answered ${tested.statusCode}.`
                : 'No answer from the receiver.'}
              {tested.error ? ` ${tested.error}` : ''}
            </Alert>
          )}
          {canWrite ? (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {webhook ? 'Save' : 'Create webhook'}
              </Button>
              {webhook && (
                <Button
                  variant="default"
                  leftSection={<IconSend size={16} />}
                  loading={test.isPending}
                  onClick={() => test.mutate()}
                >
                  Send a test event
                </Button>
              )}
              {webhook && (
                <Button variant="subtle" color="red" onClick={() => setRemoving(true)}>
                  Remove
                </Button>
              )}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Changing the webhook needs the channels.write permission.
            </Text>
          )}
        </Stack>
      </form>
      <ConfirmModal
        opened={removing}
        title="Remove the feedback webhook?"
        confirmLabel="Remove"
        danger
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setRemoving(false)}
      >
        Events not yet delivered are dropped; new events are no longer collected.
      </ConfirmModal>
    </Paper>
  );
}
