// Problems of a form keyed by the JSON pointers the server uses (`/caps/0/count`), whether found
// here against the server's schema before sending or listed by the server in its answer, so both
// land on the same field.
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { ApiError } from '../api/client.ts';
import type { FieldErrors } from '../api/forms.ts';

const sentence = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

function readable(error: ValueError): string {
  const limit = (key: string) => {
    const value: unknown = error.schema[key];
    return typeof value === 'number' ? value : 0;
  };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
    case ValueErrorType.StringMinLength:
      return 'Required';
    case ValueErrorType.StringMaxLength:
      return `Use at most ${limit('maxLength')} characters`;
    case ValueErrorType.StringPattern: {
      if (error.value === '') return 'Required';
      const description: unknown = error.schema.description;
      return typeof description === 'string' ? description : 'Has the wrong format';
    }
    case ValueErrorType.StringFormat:
      return error.value === '' ? 'Required' : 'Has the wrong format';
    case ValueErrorType.Integer:
    case ValueErrorType.Number:
      return Number.isNaN(error.value) ? 'Required' : 'Enter a whole number';
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `Use at least ${limit('minimum')}`;
    case ValueErrorType.NumberExclusiveMinimum:
      return `Use more than ${limit('exclusiveMinimum')}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `Use at most ${limit('maximum')}`;
    case ValueErrorType.ArrayMinItems:
      return limit('minItems') <= 1 ? 'Choose at least one' : `At least ${limit('minItems')}`;
    case ValueErrorType.ArrayMaxItems:
      return `At most ${limit('maxItems')}`;
    case ValueErrorType.ArrayUniqueItems:
      return 'Each value only once';
    case ValueErrorType.Union:
      return 'Choose one of the options';
    default:
      return error.message;
  }
}

const TAGS = ['mode', 'frequency', 'kind', 'channel'];

/** The member of a tagged union of objects that the value claims to be. */
function variantOf(schema: TSchema, value: unknown): TSchema | undefined {
  if (!KindGuard.IsUnion(schema) || typeof value !== 'object' || value === null) return undefined;
  const tagged = value as Record<string, unknown>;
  const tag = TAGS.find((name) => name in tagged);
  if (!tag) {
    // An object or null (a part that can be cleared): the object member names the fields.
    const objects = schema.anyOf.filter((member) => KindGuard.IsObject(member));
    return objects.length === 1 ? objects[0] : undefined;
  }
  return schema.anyOf.find((member) => {
    if (!KindGuard.IsObject(member)) return false;
    const literal = member.properties[tag];
    return literal !== undefined && KindGuard.IsLiteral(literal) && literal.const === tagged[tag];
  });
}

function collect(schema: TSchema, value: unknown, prefix: string, out: FieldErrors): void {
  for (const error of Value.Errors(schema, value)) {
    const path = `${prefix}${error.path}`;
    const variant = error.type === ValueErrorType.Union && variantOf(error.schema, error.value);
    if (variant) collect(variant, error.value, path, out);
    else out[path || '/'] ??= readable(error);
  }
}

/** What is wrong with a value against a schema, by field; empty when it is valid. */
export function formErrors(schema: TSchema, value: unknown, prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  collect(schema, value, prefix, out);
  return out;
}

/** The server's field problems, each at its field. */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const detail of error.fieldErrors) out[detail.path || '/'] ??= sentence(detail.message);
  return out;
}

/** The first problem at or under a path (a row of a list, a group of fields). */
export function errorUnder(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const key = Object.keys(errors).find((key) => key.startsWith(`${path}/`));
  return key ? errors[key] : undefined;
}

/** The errors left once a field is edited: its own and those under it go. */
export function withoutField(errors: FieldErrors, path: string): FieldErrors {
  const keys = Object.keys(errors).filter((key) => key === path || key.startsWith(`${path}/`));
  if (keys.length === 0) return errors;
  const rest = { ...errors };
  for (const key of keys) delete rest[key];
  return rest;
}
