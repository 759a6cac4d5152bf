// The wizard carries the content editors (CodeMirror): it loads on first use.
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

const CampaignWizardPage = lazy(() => import('./wizard/CampaignWizardPage.tsx'));

export function LazyCampaignWizardPage() {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Loading the editor" />
        </Center>
      }
    >
      <CampaignWizardPage />
    </Suspense>
  );
}
