// Serves the built web console: assets by path, and index.html for any page a browser navigates
// to (console URLs such as /campaigns/:id share paths with the API; the Accept header tells them apart).
import fastifyStatic from '@fastify/static';
import type { FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedApp } from './types.ts';

const NOT_CONSOLE = /^\/(docs|openapi\.json|assets\/|health|ready)/;

export function wantsConsolePage(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !NOT_CONSOLE.test(request.url);
}

export async function registerConsole(
  app: TypedApp,
  consoleDir: string | undefined,
): Promise<void> {
  const dir = consoleDir && existsSync(join(consoleDir, 'index.html')) ? consoleDir : undefined;
  if (!dir) {
    app.addHook('onRequest', async (request, reply) => {
      if (!wantsConsolePage(request)) return;
      return reply
        .type('text/html')
        .send(
          '<!doctype html><title>Clarion</title><p>The console is not built. Run <code>npm run build:web</code>. The API is at <a href="/docs">/docs</a>.</p>',
        );
    });
    return;
  }
  await app.register(fastifyStatic, { root: dir, serve: false });
  app.addHook('onRequest', async (request, reply) => {
    if (!wantsConsolePage(request)) return;
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  app.get(
    '/assets/*',
    { config: { access: 'public' }, schema: { hide: true } },
    (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .sendFile(join('assets', path));
    },
  );
  app.get(
    '/favicon.svg',
    { config: { access: 'public' }, schema: { hide: true } },
    (_request, reply) => reply.sendFile('favicon.svg'),
  );
}
