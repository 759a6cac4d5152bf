// The preview column of an editor: whom it is for, and the rendered message.
import { Alert, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { messageOf } from '../api/client.ts';
import type { PreviewResult } from '../api/content.ts';
import { EmailPreview } from './EmailPreview.tsx';
import { PushPreview } from './PushPreview.tsx';
import { SmsCounter } from './SmsFields.tsx';

function Rendered({ result }: { result: PreviewResult }) {
  switch (result.channel) {
    case 'email':
      return <EmailPreview result={result} />;
    case 'sms':
      return (
        <Stack gap="xs">
          <Paper
            p="sm"
            radius="lg"
            bg="gray.1"
            maw={320}
            data-testid="sms-preview"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
          >
            <Text size="sm">{result.text}</Text>
          </Paper>
          <SmsCounter text={result.text} label="Rendered" />
        </Stack>
      );
    case 'push':
      return <PushPreview result={result} />;
  }
}

export function ContentPreviewPanel({
  picker,
  result,
  loading,
  error,
  hasProblems,
  invalidSource,
}: {
  picker: ReactNode;
  result: PreviewResult | undefined;
  loading: boolean;
  error: unknown;
  hasProblems: boolean;
  invalidSource: boolean;
}) {
  return (
    <Paper withBorder radius="md" p="md" aria-label="Preview">
      <Stack gap="sm">
        <Title order={4}>Preview</Title>
        {picker}
        {invalidSource && (
          <Text size="xs" c="red">
            Fix the JSON above to see the preview.
          </Text>
        )}
        {error !== null && !hasProblems && (
          <Alert color="red" variant="light" title="The preview failed">
            {messageOf(error)}
          </Alert>
        )}
        {hasProblems && result && (
          <Text size="xs" c="orange">
            Showing the last preview that rendered; fix the problems to update it.
          </Text>
        )}
        {result ? (
          <Rendered result={result} />
        ) : loading ? (
          <Center py="xl">
            <Loader size="sm" aria-label="Rendering the preview" />
          </Center>
        ) : (
          !hasProblems && (
            <Text size="sm" c="dimmed">
              The preview appears here as you write.
            </Text>
          )
        )}
      </Stack>
    </Paper>
  );
}
