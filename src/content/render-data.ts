// The data a template sees: `profile` (a stored profile's attributes, with its id, identities,
// time zone and language), `context` (an API trigger's payload), `audience`, `target`.
import type { Profile } from '../profiles/model.ts';

/**
 * A profile as `{{profile.*}}`: attributes at the top (`profile.person.name.firstName`), then
 * `profileId`, `identities` (`profile.identities.email`: the first value of each namespace),
 * `timezone` and `language` when set. These names win over attributes of the same name.
 */
export function profileData(profile: Profile): Record<string, unknown> {
  const identities: Record<string, string> = {};
  for (const identity of profile.identities)
    if (!(identity.namespace in identities)) identities[identity.namespace] = identity.value;
  return {
    ...profile.attributes,
    profileId: profile.id,
    identities,
    ...(profile.timezone ? { timezone: profile.timezone } : {}),
    ...(profile.language ? { language: profile.language } : {}),
  };
}

/** Links the delivery pipeline fills per message; a preview points them nowhere. */
export const PREVIEW_SYSTEM_LINKS = {
  unsubscribeUrl: '#unsubscribe',
  mirrorPageUrl: '#mirror-page',
};

export function previewData(input: {
  data?: Record<string, unknown> | undefined;
  profile?: Profile | undefined;
  context?: Record<string, unknown> | undefined;
}): Record<string, unknown> {
  const root: Record<string, unknown> = { ...PREVIEW_SYSTEM_LINKS, ...input.data };
  if (input.profile) root.profile = profileData(input.profile);
  if (input.context) root.context = input.context;
  return root;
}
