// How a profile is named on screen: its main identity, and a person's name when one is stored.
import type { Profile } from '../api/profiles.ts';

const MAIN_NAMESPACES = ['email', 'phone', 'crmId'];

export function identityIn(profile: Profile, namespace: string): string | null {
  return profile.identities.find((identity) => identity.namespace === namespace)?.value ?? null;
}

/** The identity people recognise first: email, then phone, then CRM id, then whatever there is. */
export function mainIdentity(profile: Profile): string {
  for (const namespace of MAIN_NAMESPACES) {
    const value = identityIn(profile, namespace);
    if (value) return value;
  }
  return profile.identities[0]?.value ?? profile.id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

/** attributes.person.name, as text or as {firstName, lastName}; null when absent. */
export function personName(profile: Profile): string | null {
  const person = profile.attributes.person;
  if (!isRecord(person)) return null;
  const name = person.name;
  if (!isRecord(name)) return text(name);
  const parts = [name.firstName, name.middleName, name.lastName].map(text).filter(Boolean);
  return parts.length ? parts.join(' ') : text(name.fullName);
}
