// Map and object functions of AJO's library.
import { getSafe, isForbiddenKey, isPlainRecord } from '../properties.ts';
import { define, type FunctionTable } from './library-function.ts';

export const MAP_FUNCTIONS: FunctionTable = {
  get: define(2, 2, ([map, key]) => getSafe(map, key) ?? null),
  keys: define(1, 1, ([map]) =>
    isPlainRecord(map) ? Object.keys(map).filter((key) => !isForbiddenKey(key)) : null,
  ),
  values: define(1, 1, ([map]) =>
    isPlainRecord(map)
      ? Object.keys(map)
          .filter((key) => !isForbiddenKey(key))
          .map((key) => map[key])
      : null,
  ),
  isNull: define(1, 1, ([value]) => value === null || value === undefined),
  isNotNull: define(1, 1, ([value]) => value !== null && value !== undefined),
};
