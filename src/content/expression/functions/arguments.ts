// Reading function arguments. A missing argument (null or absent) stays missing; other values are
// converted the way AJO's functions accept them (numbers given as strings, and so on).
import { formatValue, toNumber } from '../values.ts';
import { FunctionInputError } from '../errors.ts';

export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return formatValue(value);
}

export function integer(value: unknown): number | undefined {
  const number = toNumber(value);
  return number === undefined ? undefined : Math.trunc(number);
}

export function requiredInteger(value: unknown, what: string): number {
  const number = integer(value);
  if (number === undefined) throw new FunctionInputError(`${what} must be a number`);
  return number;
}

/** AJO's optional CASE_SENSITIVE argument: true unless given as false. */
export function caseSensitive(value: unknown): boolean {
  return !(value === false || value === 'false');
}

export function list(value: unknown): readonly unknown[] | undefined {
  if (value === null || value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly unknown[]) : [value];
}

/** Java locale tags (`fr_FR`) as BCP 47 (`fr-FR`); undefined for a tag Intl does not accept. */
export function localeTag(value: unknown): string | undefined {
  const tag = text(value);
  if (tag === undefined || tag.length > 35) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}
