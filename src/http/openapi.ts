// OpenAPI 3 generated from the route schemas: /openapi.json and a browsable page at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypedApp } from './types.ts';

export async function registerOpenApi(app: TypedApp): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Clarion API',
        version: '0.1.0',
        description:
          "Every console action is a call here. Authenticate with `Authorization: Bearer <secret>` or `x-api-key`; name the sandbox with `x-sandbox-name` (default `prod`, or the key's own sandbox). Errors are `{ code, message, details?, requestId }`.",
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          session: { type: 'apiKey', in: 'cookie', name: 'clarion_session' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
