// Request validation: query strings, paths and headers are text and get coerced ("5" → 5);
// bodies are JSON and are checked as sent, so a number is never silently turned into a string.
import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const COMMON: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: true,
  addUsedSchema: false,
  strict: false,
};

function withFormats(ajv: Ajv): Ajv {
  (addFormatsPlugin as unknown as (instance: Ajv) => Ajv)(ajv);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const text = withFormats(new Ajv({ ...COMMON, coerceTypes: 'array' }));
  const json = withFormats(new Ajv({ ...COMMON, coerceTypes: false }));
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? json : text;
    const id = (schema as { $id?: string }).$id;
    const known = id ? ajv.getSchema(id) : undefined;
    return known ?? ajv.compile(schema as object);
  };
}
