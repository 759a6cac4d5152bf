// Builds the console into web/dist, which the API server serves (see src/http/console.ts).
// `vite --config web/vite.config.ts` also runs a dev server that forwards API calls to
// `npm run dev` on port 8080; pages (Accept: text/html) stay with Vite.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const API_PREFIXES = [
  '/auth',
  '/roles',
  '/users',
  '/sandboxes',
  '/api-keys',
  '/audit-log',
  '/profiles',
  '/identity-namespaces',
  '/subscription-lists',
  '/events',
  '/push-tokens',
  '/imports',
  '/datasets',
  '/audiences',
  '/audience-snapshots',
  '/content',
  '/channel-configurations',
  '/suppressions',
  '/messages',
  '/executions',
  '/proofs',
  '/mailbox',
  '/approval-policies',
  '/business-rule-sets',
  '/quiet-hours',
  '/campaigns',
  '/approval-requests',
  '/feedback-webhook',
  '/im',
  '/ajo',
  '/maintenance',
  '/openapi.json',
  '/docs',
];

const toApi: ProxyOptions = {
  target: 'http://localhost:8080',
  bypass: (request) => (request.headers.accept?.includes('text/html') ? '/index.html' : undefined),
};

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, toApi])),
  },
});
