// Relational datasets: definitions and rows.
import { Type } from '@sinclair/typebox';
import { Dataset, RowValue, type DatasetDefinition } from '../../../src/profiles/datasets/model.ts';
import { apiRequest } from './client.ts';

export type {
  Cardinality,
  ColumnDefinition,
  ColumnType,
  Dataset,
  DatasetDefinition,
  Link,
} from '../../../src/profiles/datasets/model.ts';
export {
  CARDINALITIES,
  COLUMN_TYPES,
  DatasetDefinition as DatasetDefinitionSchema,
} from '../../../src/profiles/datasets/model.ts';

const DatasetList = Type.Object({ items: Type.Array(Dataset) });
const RowPage = Type.Object({
  items: Type.Array(Type.Record(Type.String(), RowValue)),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
const datasetPath = (name: string) => `/datasets/${encodeURIComponent(name)}`;

export function listDatasets() {
  return apiRequest('/datasets', { schema: DatasetList });
}
export function getDataset(name: string) {
  return apiRequest(datasetPath(name), { schema: Dataset });
}
export function createDataset(body: DatasetDefinition) {
  return apiRequest('/datasets', { method: 'POST', body, schema: Dataset });
}
export function redefineDataset(name: string, body: DatasetDefinition) {
  return apiRequest(datasetPath(name), { method: 'PUT', body, schema: Dataset });
}
export function deleteDataset(name: string) {
  return apiRequest(datasetPath(name), { method: 'DELETE' });
}
export function datasetRows(name: string, cursor: string | undefined) {
  return apiRequest(`${datasetPath(name)}/rows`, {
    query: { limit: 50, cursor },
    schema: RowPage,
  });
}

/** The definition a dataset was created from, as PUT expects it back. */
export function definitionOf(dataset: Dataset): DatasetDefinition {
  return {
    name: dataset.name,
    title: dataset.title,
    description: dataset.description,
    columns: dataset.columns,
    primaryKey: dataset.primaryKey,
    link: dataset.link,
  };
}
