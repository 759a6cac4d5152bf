// Provider callbacks. They carry no Clarion credentials (`access: public`); each verifies the
// provider's own signature and answers 401 when it does not match.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody } from '../../platform/model.ts';
import { handleTwilioCallback } from './twilio.ts';

const FORM = 'application/x-www-form-urlencoded';

export async function feedbackRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  await app.register(async (scope) => {
    // The signature covers the parameters as sent: keep the body as text.
    scope.addContentTypeParser(
      FORM,
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_r, body, done) => done(null, body),
    );
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/webhooks/twilio/:configurationId', {
      config: { access: 'public' },
      schema: {
        tags: ['Delivery'],
        summary: 'Twilio status callback for an SMS configuration (signed with its auth token)',
        description:
          'Form-encoded MessageSid, MessageStatus, ErrorCode, To… as Twilio sends them. The ' +
          'X-Twilio-Signature must be the HMAC-SHA1 of CLARION_PUBLIC_URL + this path and the ' +
          "sorted parameters under the configuration's authToken; otherwise 401.",
        consumes: [FORM],
        params: Type.Object({ configurationId: Type.String({ maxLength: 100 }) }),
        response: { 204: Type.Null(), 401: ErrorBody },
      },
      handler: async (request, reply) => {
        const signature = request.headers['x-twilio-signature'];
        await handleTwilioCallback(
          {
            pool: deps.database.pool,
            db: deps.database.db,
            clock: deps.clock,
            secret: deps.secret,
          },
          {
            configurationId: request.params.configurationId,
            url: deps.publicUrl + request.url,
            signature: typeof signature === 'string' ? signature : undefined,
            body: typeof request.body === 'string' ? request.body : '',
          },
        );
        return reply.status(204).send(null);
      },
    });
  });
}
