// Unitary and high-throughput calls (SPEC T2, T3): 1–20 recipients with their context, stored
// as one execution of the send pipeline — request, recipients and messages committed, grouped
// with the calls arriving at the same time — before the 202, so an accepted call is delivered
// even if the process dies right after.
import { AppError } from '../../platform/errors.ts';
import { normalizeIdentity } from '../../profiles/namespaces.ts';
import { profilesDb } from '../../profiles/db.ts';
import { upsertProfile } from '../../profiles/profiles.ts';
import { identityKey, profileIdsByIdentity } from '../../profiles/search.ts';
import { ACTION_ID } from '../execution.ts';
import type { Campaign } from '../model.ts';
import {
  callableCampaign,
  checkRates,
  CONTEXT_LIMIT,
  earlierResponse,
  jsonBytes,
  reportsFeedback,
  type TriggerCall,
} from './calls.ts';
import type { AcceptedCall } from './accept-sql.ts';
import { ImError } from './errors.ts';
import type { AcceptWriter } from './group-commit.ts';
import type { ExecutionResponse, Recipient } from './model.ts';

/** Checks the payload beyond its schema: unique userIds, context sizes, channel addresses. */
function checkRecipients(recipients: Recipient[]): void {
  const seen = new Set<string>();
  recipients.forEach((recipient, i) => {
    const at = `/recipients/${i}`;
    if (seen.has(recipient.userId))
      throw new ImError('IM_VALIDATION', { field: `${at}/userId`, reason: 'is repeated' });
    seen.add(recipient.userId);
    if (recipient.context && jsonBytes(recipient.context) > CONTEXT_LIMIT)
      throw new ImError('IM_CONTEXT_TOO_LARGE', { field: `${at}/context` });
    const email = recipient.channelData?.emailAddress;
    if (email !== undefined && 'error' in normalizeIdentity('email', email))
      throw new ImError('IM_VALIDATION', {
        field: `${at}/channelData/emailAddress`,
        reason: 'is not an email address',
      });
  });
}

/** The address a recipient brings for the channel, if any. */
function givenAddress(campaign: Campaign, recipient: Recipient): string | null {
  const channel = campaign.action?.channel;
  const own = (namespace: string) =>
    recipient.type === 'external' && recipient.namespace === namespace ? recipient.userId : null;
  const normalised = (namespace: 'email' | 'phone', raw: string | null | undefined) => {
    if (!raw) return null;
    const value = normalizeIdentity(namespace, raw);
    // A malformed one is kept as given: the send excludes it with the malformed-address code.
    return 'value' in value ? value.value : raw;
  };
  switch (channel) {
    case 'email':
      return normalised('email', recipient.channelData?.emailAddress ?? own('email'));
    case 'sms':
      return normalised('phone', recipient.channelData?.mobilePhoneNumber ?? own('phone'));
    case 'push':
      // An external recipient of a push campaign names its device token.
      return recipient.type === 'external' ? recipient.userId : null;
    case undefined:
      return null;
  }
}

/** Profiles of the `aep` recipients: found by identity, or created when the campaign says so. */
async function resolveProfiles(
  call: TriggerCall,
  campaign: Campaign,
  recipients: Recipient[],
): Promise<Map<number, string>> {
  const db = profilesDb(call.db);
  const known = await call.reads.knownNamespaces(call.db, call.sandboxId);
  const wanted = new Map<number, { namespace: string; value: string }>();
  recipients.forEach((recipient, i) => {
    if (recipient.type !== 'aep') return;
    if (!known.has(recipient.namespace))
      throw new ImError('IM_VALIDATION', {
        field: `/recipients/${i}/namespace`,
        reason: `"${recipient.namespace}" is not a namespace of this sandbox`,
      });
    const normalized = normalizeIdentity(recipient.namespace, recipient.userId);
    if ('error' in normalized)
      throw new ImError('IM_VALIDATION', {
        field: `/recipients/${i}/userId`,
        reason: normalized.error,
      });
    wanted.set(i, { namespace: recipient.namespace, value: normalized.value });
  });
  const identities = [...wanted.values()];
  const found = call.profiles
    ? await call.profiles.find(call.sandboxId, identities)
    : await profileIdsByIdentity(db, call.sandboxId, identities);
  const ids = new Map<number, string>();
  for (const [i, identity] of wanted) {
    let id = found.get(identityKey(identity));
    if (!id) {
      if (!campaign.trigger?.createProfiles)
        throw new ImError('IM_PROFILE_NOT_FOUND', {
          userId: recipients[i]?.userId ?? '',
          namespace: identity.namespace,
        });
      const created = await upsertProfile(
        { db, sandboxId: call.sandboxId, actor: call.actor, clock: call.clock },
        { identities: [identity], consentSource: 'execution API' },
      );
      id = created.profile.id;
    }
    ids.set(i, id);
  }
  return ids;
}

export async function acceptRecipients(
  call: TriggerCall,
  writer: AcceptWriter,
  body: { requestId: string; campaignId: string; recipients: Recipient[] },
  kind: 'unitary' | 'highthroughput',
): Promise<ExecutionResponse> {
  const campaign = await callableCampaign(call, body.campaignId, kind);
  let accepted: AcceptedCall;
  try {
    accepted = await acceptedCall(call, campaign, body, kind);
  } catch (error) {
    // A repeat of an accepted call answers as the first did, even where it would now be refused.
    if (!(error instanceof ImError || error instanceof AppError)) throw error;
    const earlier = await earlierResponse(call, campaign.id, body.requestId);
    if (earlier) return earlier as ExecutionResponse;
    throw error;
  }
  return writer.submit(accepted);
}

/** The call's checks, profiles and rows; stored by the group writer. */
async function acceptedCall(
  call: TriggerCall,
  campaign: Campaign,
  body: { requestId: string; recipients: Recipient[] },
  kind: 'unitary' | 'highthroughput',
): Promise<AcceptedCall> {
  checkRates(call, campaign);
  checkRecipients(body.recipients);
  const action = campaign.action;
  const content = campaign.content;
  if (!action || content?.mode !== 'single')
    throw new Error(`campaign ${campaign.id} is incomplete`);
  const configuration = await call.reads.configuration(
    call.db,
    call.sandboxId,
    action.configurationId,
  );
  if (configuration.status !== 'active')
    throw new AppError(
      'CHANNEL_CONFIG_STATUS',
      `The configuration "${configuration.name}" is not active.`,
    );
  const profiles =
    kind === 'highthroughput'
      ? new Map<number, string>()
      : await resolveProfiles(call, campaign, body.recipients);
  const now = call.clock.now();
  return {
    sandboxId: call.sandboxId,
    campaignId: campaign.id,
    requestId: body.requestId,
    kind,
    response: {
      executionId: crypto.randomUUID(),
      requestId: body.requestId,
      createdAt: now.toISOString(),
      createdBy: call.actor.label,
      modifiedAt: now.toISOString(),
      modifiedBy: call.actor.label,
    },
    createdBy: call.actor.label,
    at: now,
    actionId: ACTION_ID,
    channel: action.channel,
    category: campaign.category,
    configuration,
    content: content.content,
    feedback: reportsFeedback(campaign),
    recipients: body.recipients.map((recipient, i) => ({
      key: recipient.userId,
      profileId: profiles.get(i) ?? null,
      address: givenAddress(campaign, recipient),
      renderData:
        recipient.context || recipient.profile
          ? { context: recipient.context, profile: recipient.profile }
          : null,
    })),
  };
}
