// Random values valid against a TypeBox schema, for property tests: each activity kind's
// configuration is drawn from its own schema, so a test covers every field the model has
// without hand-written generators going stale when the model grows.
import { Hint, Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import fc from 'fast-check';

/** Recursive schemas (rule trees) stop nesting past this depth. */
const MAX_DEPTH = 2;
/** Arrays stay short so a run explores many shapes rather than long lists. */
const MAX_EXTRA_ITEMS = 2;

type Arb = fc.Arbitrary<unknown>;

function numberField(schema: TSchema, key: string): number | undefined {
  const value: unknown = schema[key];
  return typeof value === 'number' ? value : undefined;
}

function kindOf(schema: TSchema): string {
  const kind: unknown = schema[Kind];
  return typeof kind === 'string' ? kind : 'Unknown';
}

function mentionsSelf(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  if ((schema as TSchema)[Kind] === 'This') return true;
  return Object.values(schema).some(mentionsSelf);
}

function stringArbitrary(schema: TSchema): Arb {
  const minLength = numberField(schema, 'minLength') ?? 0;
  const maxLength = Math.min(numberField(schema, 'maxLength') ?? 20, 40);
  const format: unknown = schema.format;
  if (format === 'uuid') return fc.uuid();
  if (format === 'date-time')
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  if (format === 'email') return fc.emailAddress();
  const pattern: unknown = schema.pattern;
  if (typeof pattern === 'string')
    return fc
      .stringMatching(new RegExp(pattern))
      .filter(
        (s) => s.length >= minLength && s.length <= (numberField(schema, 'maxLength') ?? 1e9),
      );
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
}

function objectArbitrary(schema: TSchema, root: TSchema, depth: number): Arb {
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  const record: Record<string, Arb> = {};
  const requiredKeys: string[] = [];
  for (const [key, property] of Object.entries(properties)) {
    record[key] = arbitraryFor(property, root, depth);
    if (required.has(key) && property[OptionalKind] !== 'Optional') requiredKeys.push(key);
  }
  return fc.record(record, { requiredKeys, noNullPrototype: true });
}

/** An arbitrary for `schema`; `root` is the enclosing recursive schema that `This` refers to. */
export function arbitraryFor(schema: TSchema, root: TSchema = schema, depth = 0): Arb {
  // `This` inside a Type.Recursive refers to the nearest recursive schema around it.
  if (schema[Hint] === 'Recursive') root = schema;
  const kind = kindOf(schema);
  switch (kind) {
    case 'Literal':
      return fc.constant(schema.const);
    case 'Boolean':
      return fc.boolean();
    case 'Null':
      return fc.constant(null);
    case 'Integer':
      return fc.integer({
        min: numberField(schema, 'minimum') ?? -1_000_000,
        max: numberField(schema, 'maximum') ?? 1_000_000,
      });
    case 'Number':
      return fc.double({
        min: numberField(schema, 'minimum') ?? -1e9,
        max: numberField(schema, 'maximum') ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'String':
      return stringArbitrary(schema);
    case 'Array': {
      const minLength = numberField(schema, 'minItems') ?? 0;
      const maxLength = Math.min(
        numberField(schema, 'maxItems') ?? 100,
        minLength + MAX_EXTRA_ITEMS,
      );
      return fc.array(arbitraryFor(schema.items as TSchema, root, depth + 1), {
        minLength,
        maxLength,
      });
    }
    case 'Object':
      return objectArbitrary(schema, root, depth);
    case 'Union': {
      const members = (schema.anyOf as TSchema[]).filter(
        (member) => depth < MAX_DEPTH || !mentionsSelf(member),
      );
      return fc.oneof(...members.map((member) => arbitraryFor(member, root, depth)));
    }
    case 'Record': {
      const [value] = Object.values(schema.patternProperties as Record<string, TSchema>);
      if (!value) return fc.constant({});
      return fc.dictionary(
        fc.string({ minLength: 1, maxLength: 10 }),
        arbitraryFor(value, root, depth),
        {
          maxKeys: 3,
          noNullPrototype: true,
        },
      );
    }
    case 'This':
      return fc.constant(null).chain(() => arbitraryFor(root, root, depth + 1));
    default:
      throw new Error(`No arbitrary for schema kind ${kind}`);
  }
}
