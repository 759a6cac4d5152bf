// The whole function library: every name a template may call, from AJO's personalization library.
import { ARRAY_FUNCTIONS } from './arrays.ts';
import { DATE_FUNCTIONS } from './dates.ts';
import type { FunctionTable } from './library-function.ts';
import { MAP_FUNCTIONS } from './maps.ts';
import { NUMBER_FUNCTIONS } from './numbers.ts';
import { REGEX_FUNCTIONS } from './regex-functions.ts';
import { STRING_FUNCTIONS } from './strings.ts';
import { URL_FUNCTIONS } from './urls.ts';

export const FUNCTION_LIBRARY: FunctionTable = Object.freeze({
  ...STRING_FUNCTIONS,
  ...URL_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...MAP_FUNCTIONS,
});
