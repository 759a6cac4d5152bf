// Channels › Feedback webhook: where delivery feedback of API-triggered sends goes, and how its
// deliveries went.
import { Center, Loader, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { getFeedbackWebhook } from './api.ts';
import { WebhookEventLog } from './WebhookEventLog.tsx';
import { WebhookSettingsForm } from './WebhookSettingsForm.tsx';

export function FeedbackWebhookPage() {
  const { sandbox } = useSession();
  const webhook = useQuery({
    queryKey: ['feedback-webhook', sandbox],
    queryFn: getFeedbackWebhook,
  });
  return (
    <>
      <PageHeader
        title="Feedback webhook"
        description="Sent, delivered, excluded, failed and bounced messages of API-triggered campaigns with feedback enabled, POSTed as signed JSON to your endpoint."
      />
      {webhook.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading the feedback webhook" />
        </Center>
      ) : webhook.isError ? (
        <QueryError error={webhook.error} onRetry={() => void webhook.refetch()} />
      ) : (
        <Stack gap="lg">
          {/* Keyed so the form starts again from what the server holds after each change. */}
          <WebhookSettingsForm
            key={webhook.data ? webhook.data.updatedAt : 'none'}
            webhook={webhook.data}
          />
          {webhook.data && <WebhookEventLog />}
        </Stack>
      )}
    </>
  );
}
