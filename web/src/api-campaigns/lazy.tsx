// The editor carries the content editors (CodeMirror): it loads on first use.
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

const ApiCampaignEditorPage = lazy(() =>
  import('./ApiCampaignEditorPage.tsx').then((m) => ({ default: m.ApiCampaignEditorPage })),
);

export function LazyApiCampaignEditorPage() {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Loading the editor" />
        </Center>
      }
    >
      <ApiCampaignEditorPage />
    </Suspense>
  );
}
