// How values print, compare and combine. Printing follows AJO's Java side: integers without
// `.0`, booleans as true/false, lists as `[a, b]`, maps as `{key=value}`, date-times as ISO text;
// a missing value (null or absent) prints as nothing.
import { DateTime, parseIsoDateTime } from './functions/date-time.ts';

const MAX_PRINT_DEPTH = 16;

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return formatNested(value, 0);
}

function formatNested(value: unknown, depth: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || value === undefined) return 'null';
  if (value instanceof DateTime) return value.toString();
  if (depth >= MAX_PRINT_DEPTH) return '…';
  if (Array.isArray(value))
    return `[${value.map((item) => formatNested(item, depth + 1)).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${formatNested(item, depth + 1)}`)
      .join(', ')}}`;
  return '';
}

/** Handlebars truthiness: false, 0, NaN, "", an empty list and a missing value are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** What `?:` replaces: a missing value, an empty string or an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A number, or a string holding only a number (as profile data imported from CSV often is). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isNaN(number) ? undefined : number;
  }
  return undefined;
}

export function toDateTime(value: unknown): DateTime | undefined {
  if (value instanceof DateTime) return value;
  if (typeof value === 'string') return parseIsoDateTime(value);
  // Epoch milliseconds, within the range JavaScript dates cover.
  if (typeof value === 'number' && Math.abs(value) <= 8.64e15)
    return new DateTime(Math.trunc(value), { kind: 'offset', minutes: 0 });
  return undefined;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined)
    return (a ?? null) === (b ?? null);
  if (a instanceof DateTime || b instanceof DateTime) {
    const left = toDateTime(a);
    const right = toDateTime(b);
    return left !== undefined && right !== undefined && left.epochMs === right.epochMs;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const left = toNumber(a);
    return left !== undefined && left === toNumber(b);
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => valuesEqual(item, b[index]));
  return false;
}

/** Negative, zero or positive; NaN when the two cannot be ordered (then every comparison is false). */
export function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) return NaN;
  if (a instanceof DateTime || b instanceof DateTime) {
    const left = toDateTime(a);
    const right = toDateTime(b);
    return left && right ? left.epochMs - right.epochMs : NaN;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = toNumber(a);
  const right = toNumber(b);
  return left === undefined || right === undefined ? NaN : left - right;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/**
 * `+` joins when either side is a string (a missing side counts as ""); otherwise arithmetic on
 * numbers (and numeric strings for `- * / %`). Anything else, or a division by zero, is missing.
 */
export function arithmetic(operator: ArithmeticOperator, a: unknown, b: unknown): unknown {
  if (operator === '+' && (typeof a === 'string' || typeof b === 'string'))
    return formatValue(a) + formatValue(b);
  const left = operator === '+' ? (typeof a === 'number' ? a : undefined) : toNumber(a);
  const right = operator === '+' ? (typeof b === 'number' ? b : undefined) : toNumber(b);
  if (left === undefined || right === undefined) return null;
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? null : left / right;
    case '%':
      return right === 0 ? null : left % right;
  }
}
