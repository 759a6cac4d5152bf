// A catalog for column inference tests: purchases linked to profiles (many per profile), reviews
// linked to purchases (many per purchase), two attribute types and an uploaded audience.
import type { WorkflowDefinition } from './model.ts';
import { incomingColumns, type CatalogDataset, type ColumnCatalog } from './columns.ts';

export const purchases: CatalogDataset = {
  name: 'purchases',
  columns: [
    { name: 'order_id', type: 'string' },
    { name: 'customer_email', type: 'string' },
    { name: 'amount', type: 'decimal' },
    { name: 'ordered_at', type: 'timestamp' },
  ],
  primaryKey: ['order_id'],
  link: { kind: 'profile', column: 'customer_email', by: 'email', cardinality: 'N-1' },
};
export const reviews: CatalogDataset = {
  name: 'reviews',
  columns: [
    { name: 'review_id', type: 'integer' },
    { name: 'order_id', type: 'string' },
    { name: 'stars', type: 'integer' },
  ],
  primaryKey: ['review_id'],
  link: { kind: 'dataset', dataset: 'purchases', columns: ['order_id'], cardinality: 'N-1' },
};
export const catalog: ColumnCatalog = {
  datasets: [purchases, reviews],
  attributes: [
    { path: 'loyalty.tier', type: 'string' },
    { path: 'age', type: 'number' },
  ],
  audiences: [
    {
      id: 'a0000000-0000-4000-8000-000000000001',
      upload: { attributeColumns: ['city', 'not a name', 'profile_id'] },
    },
  ],
};

export const names = (columns: { name: string }[] | undefined) => columns?.map((c) => c.name);
export const into = (definition: WorkflowDefinition, id: string) =>
  incomingColumns(definition, id, catalog);
