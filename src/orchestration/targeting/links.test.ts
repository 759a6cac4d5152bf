import { describe, expect, it } from 'vitest';
import type { StoredDataset } from '../../profiles/datasets/store.ts';
import type { Link } from '../../profiles/datasets/model.ts';
import { newSqlContext } from './sql-context.ts';
import { linkedRows, resolveLink } from './links.ts';

function dataset(name: string, primaryKey: string[], link: Link | null): StoredDataset {
  return {
    id: `id-${name}`,
    name,
    title: name,
    tableName: `ds_test_${name}`,
    columns: [...primaryKey, 'customer_email', 'holder', 'order_id', 'line'].map((c) => ({
      name: c,
      type: 'string' as const,
    })),
    primaryKey,
    link,
    version: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

const purchases = dataset('purchases', ['order_id'], {
  kind: 'profile',
  column: 'customer_email',
  by: 'email',
  cardinality: 'N-1',
});
const cards = dataset('cards', ['card_no'], {
  kind: 'profile',
  column: 'holder',
  by: 'profileId',
  cardinality: '1-1',
});
const lines = dataset('lines', ['order_id', 'line'], {
  kind: 'dataset',
  dataset: 'purchases',
  columns: ['order_id'],
  cardinality: 'N-1',
});
const profiles = { kind: 'profiles' } as const;
const ds = (d: StoredDataset) => ({ kind: 'dataset', dataset: d }) as const;

describe('resolveLink', () => {
  it('follows a profile link both ways with the cardinality of each direction', () => {
    expect(resolveLink(ds(purchases), profiles)).toMatchObject({
      path: { kind: 'profile', column: 'customer_email', by: 'email', datasetIsSource: true },
      sourceToOne: true,
      targetToOne: false,
    });
    expect(resolveLink(profiles, ds(purchases))).toMatchObject({
      path: { kind: 'profile', datasetIsSource: false },
      sourceToOne: false,
      targetToOne: true,
    });
    expect(resolveLink(profiles, ds(cards))).toMatchObject({
      sourceToOne: true,
      targetToOne: true,
    });
  });

  it('follows a dataset link both ways', () => {
    expect(resolveLink(ds(lines), ds(purchases))).toMatchObject({
      path: {
        kind: 'dataset',
        owner: { name: 'lines' },
        columns: ['order_id'],
        ownerIsSource: true,
      },
      sourceToOne: true,
      targetToOne: false,
    });
    expect(resolveLink(ds(purchases), ds(lines))).toMatchObject({
      path: { kind: 'dataset', owner: { name: 'lines' }, ownerIsSource: false },
      sourceToOne: false,
      targetToOne: true,
    });
  });

  it('says which dimensions are not linked', () => {
    expect(() => resolveLink(ds(lines), profiles)).toThrow(
      'dataset lines is not linked to profiles.',
    );
    expect(() => resolveLink(ds(cards), ds(purchases))).toThrow(
      'dataset cards is not linked to dataset purchases.',
    );
    expect(() => resolveLink(profiles, profiles)).toThrow('profiles is not linked to profiles.');
  });
});

describe('linkedRows', () => {
  const catalog = { datasets: new Map(), audiences: new Map() };

  it('joins profiles to rows linked by identity through the identities, emails in lower case', () => {
    const ctx = newSqlContext('sb', new Date(0), catalog);
    const rows = linkedRows({ kind: 'profiles', id: 'w.profile_id' }, ds(purchases), ctx);
    expect(rows.from).toEqual([
      'profile_identities l1_id',
      '"clarion_datasets"."ds_test_purchases" l1',
    ]);
    expect(rows.where).toEqual([
      'l1_id.sandbox_id = $1',
      'l1_id.namespace = $2',
      'l1_id.profile_id = w.profile_id',
      'lower(l1."customer_email") COLLATE "C" = l1_id.value',
    ]);
    expect(rows.keys).toEqual(['l1."order_id"']);
    expect(ctx.params.values).toEqual(['sb', 'email']);
  });

  it('joins a row to its profile by id as text, so values that are no uuid never fail', () => {
    const ctx = newSqlContext('sb', new Date(0), catalog);
    const rows = linkedRows({ kind: 'dataset', dataset: cards, alias: 'c' }, profiles, ctx);
    expect(rows.where).toEqual(['l1.sandbox_id = $1', 'l1.id::text = c."holder"']);
    expect(rows.keys).toEqual(['l1.id']);
  });

  it('joins datasets on the owner columns and the target primary key', () => {
    const ctx = newSqlContext('sb', new Date(0), catalog);
    const back = linkedRows({ kind: 'dataset', dataset: purchases, alias: 'p' }, ds(lines), ctx);
    expect(back.where).toEqual(['l1."order_id" = p."order_id"']);
    expect(back.keys).toEqual(['l1."order_id"', 'l1."line"']);
    const forth = linkedRows({ kind: 'dataset', dataset: lines, alias: 'x' }, ds(purchases), ctx);
    expect(forth.where).toEqual(['l2."order_id" = x."order_id"']);
    expect(ctx.params.values).toEqual([]);
  });
});
