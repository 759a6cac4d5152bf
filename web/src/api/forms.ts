// Form validation with the server's TypeBox schemas, and the server's own field errors, both as
// a map from JSON pointer (`/email`) to a readable message shown next to the field.
import type { TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { ApiError } from './client.ts';

export type FieldErrors = Record<string, string>;

function numberOf(schema: TSchema, key: string): number | undefined {
  const value: unknown = schema[key];
  return typeof value === 'number' ? value : undefined;
}

function readable(error: ValueError): string {
  const { type, schema, path } = error;
  if (type === ValueErrorType.ObjectRequiredProperty) return 'Required';
  if (type === ValueErrorType.StringMinLength) {
    const min = numberOf(schema, 'minLength') ?? 1;
    return min <= 1 ? 'Required' : `Use at least ${min} characters`;
  }
  if (type === ValueErrorType.StringMaxLength)
    return `Use at most ${numberOf(schema, 'maxLength') ?? 0} characters`;
  if (type === ValueErrorType.StringPattern) {
    const description: unknown = schema.description;
    if (path.endsWith('/email')) return 'Enter a valid email address';
    return typeof description === 'string' ? description : 'Has the wrong format';
  }
  if (type === ValueErrorType.Union) return 'Choose one of the options';
  return error.message;
}

/** Problems of a form value against a schema; empty when the value is valid. */
export function schemaErrors(schema: TSchema, value: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const error of Value.Errors(schema, value)) {
    const path = error.path || '/';
    errors[path] ??= readable(error);
  }
  return errors;
}

function sentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

/** Splits a failed request into messages for known fields and one general message. */
export function serverErrors(
  error: unknown,
  fields: readonly string[],
): { fields: FieldErrors; general: string | null } {
  if (!(error instanceof ApiError))
    return {
      fields: {},
      general: error instanceof Error ? error.message : 'Something went wrong.',
    };
  const mapped: FieldErrors = {};
  const others: string[] = [];
  for (const detail of error.fieldErrors) {
    if (fields.includes(detail.path)) mapped[detail.path] ??= sentence(detail.message);
    else others.push(`${detail.path} ${detail.message}`);
  }
  const placed = Object.keys(mapped).length > 0 && others.length === 0;
  return { fields: mapped, general: placed ? null : error.message };
}

/** The errors left once a field is edited: its own message goes, the others stay. */
export function clearField(errors: FieldErrors, path: string): FieldErrors {
  if (!(path in errors)) return errors;
  const rest = { ...errors };
  delete rest[path];
  return rest;
}
