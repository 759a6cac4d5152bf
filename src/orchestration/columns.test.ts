// Column inference from the definition alone: the story's Split sees the Enrichment's columns
// with their types; datasets are keyed by their primary key, files by line number.
// columns.db.test.ts checks inference against the worktables of real runs.
import { describe, expect, it } from 'vitest';
import { filterableColumns, outgoingColumns } from './columns.ts';
import { catalog, into, names } from './columns.testing.ts';
import { storyDefinition } from './testing/story.ts';
import { activity, audience, workflow } from './testing/workflows.ts';

describe('the columns arriving at an activity', () => {
  it('gives the story’s Split profile_id, the tier as text and the total spend as a number', () => {
    const split = into(storyDefinition('e', 's'), 'split');
    expect(split).toMatchObject({
      dimension: { kind: 'profiles' },
      keys: ['profile_id'],
      columns: [
        { name: 'profile_id', type: 'string' },
        { name: 'tier', type: 'string' },
        { name: 'totalSpend', type: 'number' },
      ],
      attributesByRule: true,
      complete: true,
    });
    // Every Split output carries the same columns on.
    for (const port of ['gold', 'silver', 'complement'])
      expect(outgoingColumns(storyDefinition('e', 's'), 'split', port, catalog)).toEqual(split);
  });

  it('types enriched columns: counts and sums are numbers, min and max keep the column’s type', () => {
    const definition = workflow(
      [
        audience('all'),
        activity('enrich', 'enrichment', {
          attributes: [
            { name: 'age', source: { kind: 'profile', path: 'age' } },
            { name: 'unknownPath', source: { kind: 'profile', path: 'x.y' } },
          ],
          aggregates: [
            { name: 'orders', dataset: 'purchases', fn: 'count' },
            { name: 'average', dataset: 'purchases', fn: 'avg', column: 'amount' },
            { name: 'firstOrder', dataset: 'purchases', fn: 'min', column: 'ordered_at' },
            { name: 'lastId', dataset: 'purchases', fn: 'max', column: 'order_id' },
          ],
          collected: [
            {
              prefix: 'recent',
              dataset: 'purchases',
              count: 2,
              orderBy: { column: 'ordered_at', direction: 'desc' },
              columns: ['amount', 'ordered_at'],
            },
          ],
        }),
        activity('dedup', 'deduplication', {
          columns: ['age'],
          keep: 1,
          method: { kind: 'random' },
          duplicatesOutput: true,
        }),
      ],
      ['all>enrich', 'enrich>dedup'],
    );
    expect(into(definition, 'dedup')?.columns).toEqual([
      { name: 'profile_id', type: 'string' },
      { name: 'age', type: 'number' },
      { name: 'unknownPath', type: 'string' },
      { name: 'orders', type: 'number' },
      { name: 'average', type: 'number' },
      { name: 'firstOrder', type: 'date' },
      { name: 'lastId', type: 'string' },
      { name: 'recent_1_amount', type: 'number' },
      { name: 'recent_1_ordered_at', type: 'date' },
      { name: 'recent_2_amount', type: 'number' },
      { name: 'recent_2_ordered_at', type: 'date' },
    ]);
    expect(outgoingColumns(definition, 'dedup', 'duplicates', catalog)).toEqual(
      outgoingColumns(definition, 'dedup', 'out', catalog),
    );
    // A dataset the catalog does not have: the column is there, its type a guess.
    const unknown = workflow(
      [
        audience('all'),
        activity('enrich', 'enrichment', {
          attributes: [],
          aggregates: [{ name: 'top', dataset: 'gone', fn: 'max', column: 'x' }],
          collected: [],
        }),
        activity('end', 'end', {}),
      ],
      ['all>enrich', 'enrich>end'],
    );
    expect(into(unknown, 'end')).toMatchObject({
      columns: [{ name: 'profile_id' }, { name: 'top', type: 'string' }],
      complete: false,
    });
  });

  it('keys a dataset’s rows by its primary key; its other columns are read through a join', () => {
    const definition = workflow(
      [audience('orders', 'purchases'), activity('wait', 'wait', { kind: 'duration', minutes: 5 })],
      ['orders>wait'],
    );
    const arriving = into(definition, 'wait')!;
    expect(arriving).toMatchObject({
      dimension: { kind: 'dataset', dataset: 'purchases' },
      keys: ['order_id'],
      columns: [{ name: 'order_id', type: 'string' }],
      attributesByRule: true,
    });
    expect(filterableColumns(arriving)).toEqual([
      { name: 'order_id', type: 'string' },
      { name: 'customer_email', type: 'string' },
      { name: 'amount', type: 'number' },
      { name: 'ordered_at', type: 'date' },
    ]);
    // Reviews reach profiles only through purchases: no rule on a profile.
    const reviewRows = workflow([audience('r', 'reviews'), activity('end', 'end', {})], ['r>end']);
    expect(into(reviewRows, 'end')?.attributesByRule).toBe(false);
  });

  it('loads a file’s typed columns after line_no; rejects are raw text with the column and reason', () => {
    const definition = workflow(
      [
        activity('file', 'loadFile', {
          fileId: null,
          columns: [
            { name: 'email', type: 'string' },
            { name: 'spend', type: 'decimal' },
            { name: 'joined', type: 'date' },
            { name: 'vip', type: 'boolean' },
          ],
          rejects: 'skip',
        }),
        activity('match', 'reconciliation', {
          rules: [{ column: 'email', match: { kind: 'identity', namespace: 'email' } }],
          keepUnreconciled: true,
        }),
      ],
      ['file>match'],
    );
    expect(outgoingColumns(definition, 'file', 'out', catalog)?.columns).toEqual([
      { name: 'line_no', type: 'number' },
      { name: 'email', type: 'string' },
      { name: 'spend', type: 'number' },
      { name: 'joined', type: 'date' },
      { name: 'vip', type: 'boolean' },
    ]);
    expect(names(outgoingColumns(definition, 'file', 'rejects', catalog)?.columns)).toEqual([
      'line_no',
      'column',
      'reason',
      'email',
      'spend',
      'joined',
      'vip',
    ]);
    expect(outgoingColumns(definition, 'file', 'rejects', catalog)?.columns[4]?.type).toBe(
      'string',
    );
    const matched = outgoingColumns(definition, 'match', 'out', catalog);
    expect(matched?.dimension).toEqual({ kind: 'profiles' });
    expect(names(matched?.columns)).toEqual([
      'profile_id',
      'line_no',
      'email',
      'spend',
      'joined',
      'vip',
    ]);
    expect(outgoingColumns(definition, 'match', 'unreconciled', catalog)).toEqual(
      outgoingColumns(definition, 'file', 'out', catalog),
    );
  });
});
