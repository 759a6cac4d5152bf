// Profiles: search, read, erase, consent, and what hangs off a profile (events, push tokens,
// subscriptions); plus the sandbox's identity namespaces.
import { Type, type Static } from '@sinclair/typebox';
import { Page, Uuid } from '../../../src/platform/model.ts';
import {
  ConsentHistoryEntry,
  Namespace,
  Profile,
  ProfileEvent,
  PushToken,
  type Channel,
  type ConsentStatus,
} from '../../../src/profiles/model.ts';
import { apiRequest } from './client.ts';

export type { Channel, ConsentStatus, Namespace, Profile } from '../../../src/profiles/model.ts';
export { CHANNELS } from '../../../src/profiles/model.ts';
export type ConsentHistoryEntry = Static<typeof ConsentHistoryEntry>;
export type ProfileEvent = Static<typeof ProfileEvent>;
export type PushToken = Static<typeof PushToken>;

const PAGE_SIZE = 50;
const ProfilePage = Page(Profile);
const EventPage = Page(ProfileEvent);
const NamespaceList = Type.Object({ items: Type.Array(Namespace) });
const HistoryList = Type.Object({ items: Type.Array(ConsentHistoryEntry) });
const PushTokenList = Type.Object({ items: Type.Array(PushToken) });
const Subscription = Type.Object({
  id: Uuid,
  name: Type.String(),
  source: Type.String(),
  subscribedAt: Type.String(),
});
export type Subscription = Static<typeof Subscription>;
const SubscriptionList = Type.Object({ items: Type.Array(Subscription) });

/** What the profiles list is filtered by, as the console's filter bar holds it. */
export interface ProfileFilters {
  identity: string;
  namespace: string | null;
  attribute: string;
  value: string;
  testOnly: boolean;
}

/** The search parameters the API takes; unset ones are left out. */
export interface ProfileQuery {
  identity?: string | undefined;
  namespace?: string | undefined;
  attribute?: string | undefined;
  value?: string | undefined;
  testProfile?: boolean | undefined;
}

export function searchProfiles(query: ProfileQuery, cursor: string | undefined) {
  return apiRequest('/profiles', {
    query: { ...query, limit: PAGE_SIZE, cursor },
    schema: ProfilePage,
  });
}

const profilePath = (id: string) => `/profiles/${encodeURIComponent(id)}`;

export function getProfile(id: string) {
  return apiRequest(profilePath(id), { schema: Profile });
}
export function eraseProfile(id: string) {
  return apiRequest(profilePath(id), { method: 'DELETE' });
}
export function changeConsent(
  id: string,
  body: { channel: Channel; status: ConsentStatus; source: string },
) {
  return apiRequest(`${profilePath(id)}/consent`, { method: 'PUT', body, schema: Profile });
}
export function consentHistory(id: string) {
  return apiRequest(`${profilePath(id)}/consent/history`, { schema: HistoryList });
}
export function profileEvents(id: string, type: string, cursor: string | undefined) {
  return apiRequest(`${profilePath(id)}/events`, {
    query: { type, cursor, limit: 25 },
    schema: EventPage,
  });
}
export function pushTokens(id: string) {
  return apiRequest(`${profilePath(id)}/push-tokens`, { schema: PushTokenList });
}
export function subscriptions(id: string) {
  return apiRequest(`${profilePath(id)}/subscriptions`, { schema: SubscriptionList });
}
export function listNamespaces() {
  return apiRequest('/identity-namespaces', { schema: NamespaceList });
}
