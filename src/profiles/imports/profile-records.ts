// Turning CSV rows and NDJSON objects into profile records, with a reason for every bad field.
import { Value } from '@sinclair/typebox/value';
import { CHANNELS, ProfileUpsert, type Channel, type ConsentStatus } from '../model.ts';
import { normalizeIdentity } from '../namespaces.ts';
import { isTimeZone } from '../profiles.ts';
import type { ColumnTarget } from './model.ts';

export interface ProfileRecord {
  line: number;
  identities: { namespace: string; value: string }[];
  attributes: Record<string, unknown>;
  timezone: string | null;
  language: string | null;
  testProfile: boolean | null;
  consent: Partial<Record<Channel, ConsentStatus>>;
}

export interface FieldProblem {
  line: number;
  field: string;
  reason: string;
}

export type Converted = { record: ProfileRecord } | { problems: FieldProblem[] };

const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const YES = new Set(['y', 'yes', 'true', '1', 'optin', 'opt-in', 'in']);
const NO = new Set(['n', 'no', 'false', '0', 'optout', 'opt-out', 'out']);

/** The default CSV mapping of SPEC D6: namespaces, the profile fields, consent.<channel>, else attributes. */
export function defaultTarget(header: string, namespaces: Set<string>): ColumnTarget {
  const name = header.trim();
  if (namespaces.has(name)) return { to: 'identity', namespace: name };
  if (name === 'timezone' || name === 'language' || name === 'testProfile') return { to: name };
  const consent = /^consent\.(email|sms|push)$/.exec(name);
  if (consent?.[1]) return { to: 'consent', channel: consent[1] as Channel };
  if (name === '') return { to: 'ignore' };
  return { to: 'attribute', path: name };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  keys.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  const last = keys.at(-1);
  // Keys that would reach the prototype are dropped.
  if (last && last !== '__proto__' && last !== 'constructor' && last !== 'prototype')
    node[last] = value;
}

function consentValue(raw: string): ConsentStatus | undefined | 'invalid' {
  const text = raw.trim().toLowerCase();
  if (text === '') return undefined;
  if (YES.has(text)) return 'y';
  if (NO.has(text)) return 'n';
  if (text === 'unknown') return 'unknown';
  return 'invalid';
}

/** A converter from CSV cells to a record, for the given header row and targets. */
export function csvConverter(headers: string[], targets: ColumnTarget[]) {
  return (line: number, cells: string[]): Converted => {
    const problems: FieldProblem[] = [];
    const record: ProfileRecord = {
      line,
      identities: [],
      attributes: {},
      timezone: null,
      language: null,
      testProfile: null,
      consent: {},
    };
    if (cells.length !== headers.length) {
      return {
        problems: [
          {
            line,
            field: '',
            reason: `has ${cells.length} fields; the header has ${headers.length}`,
          },
        ],
      };
    }
    targets.forEach((target, index) => {
      const raw = cells[index] ?? '';
      const field = headers[index] ?? '';
      if (raw === '' && target.to !== 'attribute') return;
      switch (target.to) {
        case 'ignore':
          return;
        case 'identity': {
          const identity = normalizeIdentity(target.namespace, raw);
          if ('error' in identity) problems.push({ line, field, reason: identity.error });
          else record.identities.push({ namespace: target.namespace, value: identity.value });
          return;
        }
        case 'attribute': {
          if (raw === '') return;
          const type = target.type ?? 'string';
          if (type === 'number') {
            const n = Number(raw.trim());
            if (raw.trim() === '' || !Number.isFinite(n))
              problems.push({ line, field, reason: 'is not a number' });
            else setPath(record.attributes, target.path, n);
          } else if (type === 'boolean') {
            const v = consentValue(raw);
            if (v === 'y') setPath(record.attributes, target.path, true);
            else if (v === 'n') setPath(record.attributes, target.path, false);
            else problems.push({ line, field, reason: 'is not true or false' });
          } else setPath(record.attributes, target.path, raw);
          return;
        }
        case 'consent': {
          const status = consentValue(raw);
          if (status === 'invalid') problems.push({ line, field, reason: 'is not y or n' });
          else if (status) record.consent[target.channel] = status;
          return;
        }
        case 'timezone':
          if (isTimeZone(raw.trim())) record.timezone = raw.trim();
          else problems.push({ line, field, reason: 'is not an IANA time zone' });
          return;
        case 'language':
          if (LANGUAGE.test(raw.trim())) record.language = raw.trim();
          else problems.push({ line, field, reason: 'is not a language tag' });
          return;
        case 'testProfile': {
          const v = consentValue(raw);
          if (v === 'y' || v === 'n') record.testProfile = v === 'y';
          else problems.push({ line, field, reason: 'is not true or false' });
          return;
        }
      }
    });
    if (problems.length) return { problems };
    if (record.identities.length === 0)
      return { problems: [{ line, field: '', reason: 'has no identity' }] };
    return { record };
  };
}

/** An NDJSON line in the API's upsert shape. */
export function ndjsonConverter(namespaces: Set<string>) {
  return (line: number, value: unknown): Converted => {
    if (!Value.Check(ProfileUpsert, value)) {
      const first = [...Value.Errors(ProfileUpsert, value)][0];
      return {
        problems: [
          { line, field: first?.path || '/', reason: first?.message ?? 'is not a profile' },
        ],
      };
    }
    const problems: FieldProblem[] = [];
    const identities: ProfileRecord['identities'] = [];
    value.identities.forEach((identity, index) => {
      if (!namespaces.has(identity.namespace)) {
        problems.push({
          line,
          field: `/identities/${index}/namespace`,
          reason: `"${identity.namespace}" is not a namespace of this sandbox`,
        });
        return;
      }
      const normalized = normalizeIdentity(identity.namespace, identity.value);
      if ('error' in normalized)
        problems.push({ line, field: `/identities/${index}/value`, reason: normalized.error });
      else identities.push({ namespace: identity.namespace, value: normalized.value });
    });
    if (value.timezone && !isTimeZone(value.timezone))
      problems.push({ line, field: '/timezone', reason: 'is not an IANA time zone' });
    if (problems.length) return { problems };
    const consent: ProfileRecord['consent'] = {};
    for (const channel of CHANNELS) {
      const status = value.consent?.[channel];
      if (status) consent[channel] = status;
    }
    return {
      record: {
        line,
        identities,
        attributes: value.attributes ?? {},
        timezone: value.timezone ?? null,
        language: value.language ?? null,
        testProfile: value.testProfile ?? null,
        consent,
      },
    };
  };
}
