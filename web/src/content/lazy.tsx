// The editors carry the code editor (CodeMirror): they load on first use, outside the main bundle.
import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

const TemplateEditorPage = lazy(() => import('./TemplateEditorPage.tsx'));
const FragmentEditorPage = lazy(() => import('./FragmentEditorPage.tsx'));

const loading = (
  <Center py="xl">
    <Loader aria-label="Loading the editor" />
  </Center>
);

export function LazyTemplateEditorPage() {
  return (
    <Suspense fallback={loading}>
      <TemplateEditorPage />
    </Suspense>
  );
}

export function LazyFragmentEditorPage() {
  return (
    <Suspense fallback={loading}>
      <FragmentEditorPage />
    </Suspense>
  );
}
