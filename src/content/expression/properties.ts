// Reading template data. Only own properties are read, and `__proto__`, `constructor` and
// `prototype` resolve to nothing, so a template cannot reach object prototypes.
import { DateTime } from './functions/date-time.ts';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN.has(key);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof DateTime)
  );
}

/**
 * `object[key]` for a key already known to be allowed. On an array, a numeric key is an index,
 * `length` its size, and any other key reads that property of every item (`orders.price` is the
 * list of prices), as AJO paths do.
 */
export function getOwn(object: unknown, key: string): unknown {
  if (object === null || typeof object !== 'object') return undefined;
  if (Array.isArray(object)) {
    if (isIndex(key)) return object[Number(key)];
    if (key === 'length') return object.length;
    const values: unknown[] = [];
    for (const item of object as readonly unknown[]) {
      // One level only: items that are themselves arrays are skipped, which keeps this flat.
      if (
        item === null ||
        typeof item !== 'object' ||
        Array.isArray(item) ||
        item instanceof DateTime
      )
        continue;
      const value = Object.hasOwn(item, key) ? (item as Record<string, unknown>)[key] : undefined;
      if (Array.isArray(value)) values.push(...(value as unknown[]));
      else if (value !== undefined) values.push(value);
    }
    return values;
  }
  if (object instanceof DateTime) return undefined;
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** `object[key]` for a key computed at render time. */
export function getSafe(object: unknown, key: unknown): unknown {
  if (typeof key === 'number') {
    if (!Array.isArray(object) || !Number.isInteger(key)) return undefined;
    return object[key];
  }
  if (typeof key !== 'string' || FORBIDDEN.has(key)) return undefined;
  return getOwn(object, key);
}

function isIndex(key: string): boolean {
  if (key.length === 0 || key.length > 9) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
