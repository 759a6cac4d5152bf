// Proofs (SPEC C6): any content sent for real through an active configuration to up to ten
// addresses, rendered with chosen test profiles' data, email subjects marked "[Proof]". Sent
// at once, not through batches: proofs are few, and the author waits for the answer.
import { Type, type Static } from '@sinclair/typebox';
import { channelsDb } from '../channels/db.ts';
import { emailAddressing } from '../channels/providers/addresses.ts';
import { createProviders } from '../channels/providers/factory.ts';
import type { DeliveryResult } from '../channels/providers/types.ts';
import { openConfiguration } from '../channels/store.ts';
import { compileContent, contentSources } from '../content/compile.ts';
import { contentDb } from '../content/db.ts';
import { loadFragments } from '../content/fragment-sources.ts';
import { ChannelContent } from '../content/model.ts';
import { profileData } from '../content/render-data.ts';
import type { Db } from '../db/connection.ts';
import { assertNever } from '../platform/assert.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Actor, Clock } from '../platform/context.ts';
import { platformDb } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { Uuid } from '../platform/model.ts';
import { profilesDb } from '../profiles/db.ts';
import { loadProfiles } from '../profiles/profiles.ts';

export const ProofRequest = Type.Object(
  {
    configurationId: Uuid,
    content: ChannelContent,
    addresses: Type.Array(Type.String({ minLength: 1, maxLength: 320 }), {
      minItems: 1,
      maxItems: 10,
      description: 'Email addresses, phone numbers or push tokens, as the channel needs',
    }),
    profileIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 10,
        description:
          'Test profiles whose data renders the content; each address gets one proof per profile',
      }),
    ),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ProofRequest = Static<typeof ProofRequest>;

export const ProofResult = Type.Object({
  results: Type.Array(
    Type.Object({
      address: Type.String(),
      profileId: Type.Union([Uuid, Type.Null()]),
      status: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
      providerId: Type.Union([Type.String(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type ProofResult = Static<typeof ProofResult>;

export interface ProofCall {
  db: Db;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  secret: string;
  requestId?: string | undefined;
}

async function testProfiles(call: ProofCall, ids: string[]) {
  const profiles = await loadProfiles(profilesDb(call.db), call.sandboxId, ids);
  return ids.map((id, i) => {
    const profile = profiles.find((p) => p.id === id);
    if (!profile?.testProfile)
      throw new AppError('VALIDATION_FAILED', `/profileIds/${i} is not a test profile.`, [
        {
          path: `/profileIds/${i}`,
          message: profile ? 'is not a test profile' : 'no such profile',
        },
      ]);
    return profile;
  });
}

export async function sendProofs(call: ProofCall, request: ProofRequest): Promise<ProofResult> {
  const opened = await openConfiguration(
    channelsDb(call.db),
    call.secret,
    call.sandboxId,
    request.configurationId,
  );
  const configuration = opened.configuration;
  if (configuration.channel !== request.content.channel)
    throw new AppError('VALIDATION_FAILED', `The configuration sends ${configuration.channel}.`, [
      { path: '/content/channel', message: `must be ${configuration.channel}` },
    ]);
  const profiles = request.profileIds ? await testProfiles(call, request.profileIds) : [];
  const fragments = await loadFragments(
    contentDb(call.db),
    call.sandboxId,
    contentSources(request.content),
  );
  const compiled = await compileContent(request.content, {
    resolveFragment: fragments.resolve,
    pathPrefix: '/content/content',
  });
  const provider = createProviders(opened, {
    clock: call.clock,
    sandboxId: call.sandboxId,
    db: call.db,
  });
  const proofId = crypto.randomUUID();
  const results: ProofResult['results'] = [];
  try {
    for (const profile of profiles.length ? profiles : [undefined]) {
      const data = {
        profile: profile ? profileData(profile) : {},
        context: request.context,
        unsubscribeUrl: '#unsubscribe',
        mirrorPageUrl: '#mirror-page',
      };
      for (const address of request.addresses) {
        const messageId = `proof.${proofId}.${results.length}`;
        let result: DeliveryResult;
        switch (compiled.channel) {
          case 'email': {
            if (provider.channel !== 'email' || configuration.channel !== 'email')
              throw new Error('an email proof through another channel');
            const out = compiled.email.render(data);
            const addressing = emailAddressing(configuration.settings, {
              executionId: `proof-${proofId}`,
              recipientKey: String(results.length),
            });
            result = await provider.provider.send({
              ...addressing,
              to: { address: address.trim() },
              subject: `[Proof] ${out.subject}`,
              html: out.html,
              text: out.text,
            });
            break;
          }
          case 'sms':
            if (provider.channel !== 'sms') throw new Error('an SMS proof through another channel');
            result = await provider.provider.send({
              messageId,
              to: address.trim(),
              body: compiled.sms.render(data).text,
            });
            break;
          case 'push': {
            if (provider.channel !== 'push')
              throw new Error('a push proof through another channel');
            const out = compiled.push.render(data);
            result = await provider.provider.send({
              messageId,
              token: address.trim(),
              message: {
                title: `[Proof] ${out.title}`,
                body: out.body,
                imageUrl: out.imageUrl,
                url: out.url,
                data: out.data,
                badge: out.badge,
                sound: out.sound,
              },
            });
            break;
          }
          default:
            return assertNever(compiled);
        }
        results.push({
          address,
          profileId: profile?.id ?? null,
          status: result.status === 'sent' ? 'sent' : 'failed',
          providerId: result.status === 'sent' ? result.providerId : null,
          error: result.status === 'failed' ? `${result.code} ${result.reason}` : null,
        });
      }
    }
  } finally {
    await provider.provider.close();
  }
  await recordAudit(platformDb(call.db), {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: 'content.proof',
    entityType: 'channelConfiguration',
    entityId: configuration.id,
    after: {
      addresses: request.addresses,
      profileIds: request.profileIds ?? [],
      sent: results.length,
    },
    requestId: call.requestId,
    at: call.clock.now(),
  });
  return { results };
}
