// String functions, named and ordered as in AJO's personalization library.
import { createHash } from 'node:crypto';
import { caseSensitive, integer, list, text } from './arguments.ts';
import { define, type FunctionTable } from './library-function.ts';
import { likePattern } from './like.ts';
import { formatValue } from '../values.ts';
import { FunctionInputError } from '../errors.ts';

type Test = (subject: string, search: string) => boolean;

/** contains/startsWith/endsWith and their negations share AJO's (s1, s2, caseSensitive?) form. */
function substringTest(test: Test, negate: boolean) {
  return define(2, 3, ([subject, search, sensitive]) => {
    const a = text(subject);
    const b = text(search);
    if (a === undefined || b === undefined) return negate;
    const result = caseSensitive(sensitive) ? test(a, b) : test(a.toLowerCase(), b.toLowerCase());
    return result !== negate;
  });
}

function mapText(transform: (value: string) => string) {
  return define(1, 1, ([value]) => {
    const input = text(value);
    return input === undefined ? null : transform(input);
  });
}

// Java's String.trim(): removes characters up to U+0020 at either end.
const leftTrim = (value: string): string => {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 32) i++;
  return value.slice(i);
};
const rightTrim = (value: string): string => {
  let i = value.length;
  while (i > 0 && value.charCodeAt(i - 1) <= 32) i--;
  return value.slice(0, i);
};

/** Upper-cases the first letter of each word; titleCase also lower-cases the rest. */
function capitalizeWords(value: string, lowerRest: boolean): string {
  return value.replace(
    /\S+/g,
    (word) =>
      word.charAt(0).toUpperCase() + (lowerRest ? word.slice(1).toLowerCase() : word.slice(1)),
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Java's URLEncoder: letters, digits and `.-*_` stay; space becomes `+`; the rest is %XX of UTF-8. */
function urlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function urlDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

export const STRING_FUNCTIONS: FunctionTable = {
  camelCase: mapText((value) => capitalizeWords(value, false)),
  titleCase: mapText((value) => capitalizeWords(value, true)),
  upperCase: mapText((value) => value.toUpperCase()),
  lowerCase: mapText((value) => value.toLowerCase()),
  trim: mapText((value) => leftTrim(rightTrim(value))),
  leftTrim: mapText(leftTrim),
  rightTrim: mapText(rightTrim),
  charCodeAt: define(2, 2, ([value, position]) => {
    const input = text(value);
    const index = integer(position);
    if (input === undefined || index === undefined) return null;
    if (index < 0 || index >= input.length)
      throw new FunctionInputError(`position ${index} is outside the string`);
    return input.charCodeAt(index);
  }),
  concat: define(1, Infinity, (args) => args.map((value) => text(value) ?? '').join('')),
  contains: substringTest((a, b) => a.includes(b), false),
  doesNotContain: substringTest((a, b) => a.includes(b), true),
  startsWith: substringTest((a, b) => a.startsWith(b), false),
  doesNotStartWith: substringTest((a, b) => a.startsWith(b), true),
  endsWith: substringTest((a, b) => a.endsWith(b), false),
  doesNotEndWith: substringTest((a, b) => a.endsWith(b), true),
  equals: define(2, 2, ([a, b]) => text(a) === text(b)),
  notEqualTo: define(2, 2, ([a, b]) => text(a) !== text(b)),
  equalsIgnoreCase: define(2, 2, ([a, b]) => text(a)?.toLowerCase() === text(b)?.toLowerCase()),
  notEqualWithIgnoreCase: define(
    2,
    2,
    ([a, b]) => text(a)?.toLowerCase() !== text(b)?.toLowerCase(),
  ),
  equalsAnyIgnoreCase: define(2, 11, ([subject, ...candidates]) => {
    const value = text(subject)?.toLowerCase();
    return (
      value !== undefined &&
      candidates.some((candidate) => text(candidate)?.toLowerCase() === value)
    );
  }),
  compareTo: define(2, 2, ([a, b]) => {
    // Java's String.compareTo: the first differing UTF-16 unit, else the length difference.
    const left = text(a) ?? '';
    const right = text(b) ?? '';
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      const difference = left.charCodeAt(i) - right.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return left.length - right.length;
  }),
  extractEmailDomain: mapText((value) => value.slice(value.lastIndexOf('@') + 1)),
  indexOf: define(2, 2, ([value, search]) => {
    const a = text(value);
    const b = text(search);
    return a === undefined || b === undefined ? -1 : a.indexOf(b);
  }),
  lastIndexOf: define(2, 2, ([value, search]) => {
    const a = text(value);
    const b = text(search);
    return a === undefined || b === undefined ? -1 : a.lastIndexOf(b);
  }),
  isEmpty: define(1, 1, ([value]) => (text(value) ?? '') === ''),
  isNotEmpty: define(1, 1, ([value]) => (text(value) ?? '') !== ''),
  join: define(2, 2, ([values, separator]) => {
    const items = list(values);
    return items === undefined
      ? null
      : items.map((item) => formatValue(item)).join(text(separator) ?? '');
  }),
  length: define(1, 1, ([value]) => {
    if (Array.isArray(value)) return value.length;
    return text(value)?.length ?? 0;
  }),
  like: define(2, 2, ([value, pattern]) => {
    const a = text(value);
    const b = text(pattern);
    return a !== undefined && b !== undefined && likePattern(a, b);
  }),
  mask: define(3, 3, ([value, keepStart, keepEnd]) => {
    const input = text(value);
    if (input === undefined) return null;
    const start = Math.max(0, integer(keepStart) ?? 0);
    const end = Math.max(0, integer(keepEnd) ?? 0);
    if (start + end >= input.length) return input;
    return (
      input.slice(0, start) +
      'X'.repeat(input.length - start - end) +
      input.slice(input.length - end)
    );
  }),
  md5: mapText((value) => createHash('md5').update(value, 'utf8').digest('hex')),
  sha256: mapText((value) => createHash('sha256').update(value, 'utf8').digest('hex')),
  encode64: mapText((value) => Buffer.from(value, 'utf8').toString('base64')),
  decode64: mapText((value) =>
    BASE64.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value,
  ),
  // Java's String.replace: every occurrence, taken literally.
  replace: define(3, 3, ([value, search, replacement]) => {
    const input = text(value);
    const find = text(search);
    if (input === undefined) return null;
    if (find === undefined || find === '') return input;
    return input.split(find).join(text(replacement) ?? '');
  }),
  // Java's String.split with a literal separator; like Java, trailing empty strings are dropped.
  split: define(2, 2, ([value, separator]) => {
    const input = text(value);
    const by = text(separator);
    if (input === undefined || by === undefined) return null;
    const parts = by === '' ? Array.from(input) : input.split(by);
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  }),
  substr: define(2, 3, ([value, begin, end]) => {
    const input = text(value);
    if (input === undefined) return null;
    const from = Math.max(0, integer(begin) ?? 0);
    const to =
      end === undefined ? input.length : Math.min(input.length, integer(end) ?? input.length);
    return from >= to ? '' : input.slice(from, to);
  }),
  toBool: define(1, 1, ([value]) => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    return text(value)?.trim().toLowerCase() === 'true';
  }),
  string_to_integer: define(1, 1, ([value]) => {
    const input = text(value)?.trim();
    return input !== undefined && /^[+-]?\d+$/.test(input) ? Number(input) : null;
  }),
  stringToNumber: define(1, 1, ([value]) => {
    const input = text(value);
    if (input === undefined) return null;
    const number = Number(input.trim());
    return input.trim() === '' || Number.isNaN(number) ? input : number;
  }),
  urlEncode: mapText(urlEncode),
  urlDecode: mapText(urlDecode),
};
