// Tracking endpoints, reached from recipients' mail clients (no sign-in; the signed token is the
// authority): the open pixel, the click redirect, the mirror page, and unsubscribe — RFC 8058 one-click POST and a
// landing page — which sets the channel's marketing consent to `n` (source "unsubscribe link").
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { AppError } from '../../platform/errors.ts';
import { applyConsent } from '../../profiles/consent.ts';
import { profilesDb } from '../../profiles/db.ts';
import { loadMirror } from './mirrors.ts';
import { verifyClaim, type TrackingClaim } from './tokens.ts';

const tags = ['Tracking'];
const TokenParams = Type.Object({ token: Type.String({ maxLength: 8000 }) });
// A transparent 1×1 GIF.
// The mirror page is authored HTML served from Clarion's origin: sandboxed (a unique origin, no
// scripts) so it can reach nothing of the console's; links may still open.
const MIRROR_POLICY =
  "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; script-src 'none'; object-src 'none'; base-uri 'none'";
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function claimOf(deps: AppDeps, token: string, kind: TrackingClaim['kind']): TrackingClaim {
  const claim = verifyClaim(deps.secret, token);
  if (!claim || claim.kind !== kind)
    throw new AppError('TRACKING_LINK_INVALID', 'This link is not valid.');
  return claim;
}

/** Records the event against its message; a message that no longer exists records nothing. */
async function record(
  deps: AppDeps,
  claim: TrackingClaim,
  userAgent: string | undefined,
): Promise<string | null> {
  const link = claim.kind === 'click' ? claim : undefined;
  const found = await deps.database.pool.query<{ profile_id: string | null }>(
    `INSERT INTO tracking_events (sandbox_id, execution_id, recipient_key, action_id, profile_id,
                                  kind, link_index, url, user_agent, at)
     SELECT m.sandbox_id, m.execution_id, m.recipient_key, m.action_id, m.profile_id, $5, $6, $7, $8, $9
       FROM messages m
      WHERE m.sandbox_id = $1 AND m.execution_id = $2 AND m.recipient_key = $3 AND m.action_id = $4
     RETURNING profile_id`,
    [
      claim.sandboxId,
      claim.executionId,
      claim.recipientKey,
      claim.actionId,
      claim.kind,
      link?.link ?? null,
      link?.url ?? null,
      userAgent?.slice(0, 500) ?? null,
      deps.clock.now(),
    ],
  );
  return found.rows[0]?.profile_id ?? null;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1b1e}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#1c7ed6;color:#fff;cursor:pointer}</style>
</head><body>${body}</body></html>`;

export async function trackingRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get('/t/o/:token', {
    config: { access: 'public' },
    schema: { tags, summary: 'Open pixel', params: TokenParams, hide: true },
    handler: async (request, reply) => {
      const claim = claimOf(deps, request.params.token, 'open');
      await record(deps, claim, request.headers['user-agent']);
      return reply
        .header('content-type', 'image/gif')
        .header('cache-control', 'no-store, private')
        .send(PIXEL);
    },
  });

  app.get('/t/c/:token', {
    config: { access: 'public' },
    schema: { tags, summary: 'Click redirect (signed)', params: TokenParams, hide: true },
    handler: async (request, reply) => {
      const claim = claimOf(deps, request.params.token, 'click');
      if (claim.kind !== 'click') throw new AppError('TRACKING_LINK_INVALID');
      await record(deps, claim, request.headers['user-agent']);
      return reply.header('cache-control', 'no-store, private').redirect(claim.url, 302);
    },
  });

  app.get('/t/m/:token', {
    config: { access: 'public' },
    schema: { tags, summary: 'Mirror page (the email as sent)', params: TokenParams, hide: true },
    handler: async (request, reply) => {
      const claim = claimOf(deps, request.params.token, 'mirror');
      const html = await loadMirror(deps.database.pool, claim);
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store, private')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex');
      if (html === undefined)
        return reply
          .code(404)
          .send(page('Not available', '<h1>This message is not available online</h1>'));
      return reply.header('content-security-policy', MIRROR_POLICY).send(html);
    },
  });

  app.get('/t/u/:token', {
    config: { access: 'public' },
    schema: { tags, summary: 'Unsubscribe page', params: TokenParams, hide: true },
    handler: async (request, reply) => {
      claimOf(deps, request.params.token, 'unsubscribe');
      return reply.header('content-type', 'text/html; charset=utf-8').send(
        page(
          'Unsubscribe',
          `<h1>Unsubscribe</h1><p>You will no longer receive marketing messages on this channel.</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
    },
  });

  // RFC 8058: mail clients POST `List-Unsubscribe=One-Click`; the landing page's form posts too.
  // The body says nothing the token does not, so it is read as text and not used.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/t/u/:token', {
      config: { access: 'public' },
      schema: { tags, summary: 'Unsubscribe (one-click)', params: TokenParams, hide: true },
      handler: async (request, reply) => {
        const claim = claimOf(deps, request.params.token, 'unsubscribe');
        if (claim.kind !== 'unsubscribe') throw new AppError('TRACKING_LINK_INVALID');
        const profileId = await record(deps, claim, request.headers['user-agent']);
        if (profileId)
          await profilesDb(deps.database.db)
            .transaction()
            .execute((tx) =>
              applyConsent(tx, {
                sandboxId: claim.sandboxId,
                profileId,
                channel: claim.channel,
                status: 'n',
                source: 'unsubscribe link',
                at: deps.clock.now(),
              }),
            );
        return reply
          .header('content-type', 'text/html; charset=utf-8')
          .send(page('Unsubscribed', '<h1>You are unsubscribed</h1><p>Thank you.</p>'));
      },
    });
  });
}
