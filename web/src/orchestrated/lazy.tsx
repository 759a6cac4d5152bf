// The campaign page carries the canvas (React Flow) and the content editors (CodeMirror): it
// loads on first use, outside the main bundle.
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

const OrchestratedCampaignPage = lazy(() => import('./OrchestratedCampaignPage.tsx'));

export function LazyOrchestratedCampaignPage() {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Loading the canvas" />
        </Center>
      }
    >
      <OrchestratedCampaignPage />
    </Suspense>
  );
}
