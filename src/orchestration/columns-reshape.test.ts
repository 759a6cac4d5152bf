// Column inference through the activities that reshape a population: Change dimension carries
// columns only where each new row stands for one input row, Combine keeps the chosen ones, an
// uploaded audience brings its columns, flow activities and the AND-join pass theirs on.
import { describe, expect, it } from 'vitest';
import { outgoingColumns } from './columns.ts';
import { catalog, into, names } from './columns.testing.ts';
import { activity, audience, workflow } from './testing/workflows.ts';

describe('the columns of reshaped populations', () => {
  it('changes dimension: extra columns come along only where each new row stands for one input row', () => {
    const enrich = activity('enrich', 'enrichment', {
      attributes: [{ name: 'tier', source: { kind: 'profile', path: 'loyalty.tier' } }],
      aggregates: [],
      collected: [],
    });
    const to = (id: string, dataset: string | null, keepDuplicates?: boolean) =>
      activity(id, 'changeDimension', {
        to: dataset ? { kind: 'dataset', dataset } : { kind: 'profiles' },
        ...(keepDuplicates === undefined ? {} : { keepDuplicates }),
      });
    // A purchase has one buyer: the buyer's tier comes along.
    const toPurchases = workflow(
      [audience('all'), enrich, to('change', 'purchases'), activity('end', 'end', {})],
      ['all>enrich', 'enrich>change', 'change>end'],
    );
    expect(names(into(toPurchases, 'end')?.columns)).toEqual(['order_id', 'tier']);
    // A buyer stands for several purchases: the purchase's columns are left out, unless kept.
    const enrichOrders = activity('enrich', 'enrichment', {
      attributes: [
        { name: 'bought', source: { kind: 'dataset', dataset: 'purchases', column: 'amount' } },
      ],
      aggregates: [],
      collected: [],
    });
    const toBuyers = (keep?: boolean) =>
      workflow(
        [
          audience('orders', 'purchases'),
          enrichOrders,
          to('change', null, keep),
          activity('end', 'end', {}),
        ],
        ['orders>enrich', 'enrich>change', 'change>end'],
      );
    expect(into(toBuyers(), 'end')).toMatchObject({
      columns: [{ name: 'profile_id' }],
      complete: true,
    });
    expect(into(toBuyers(true), 'end')?.columns).toEqual([
      { name: 'profile_id', type: 'string' },
      { name: 'bought', type: 'number' },
    ]);
    // Reviews to their purchase: many reviews per purchase (N-1 from reviews).
    const toOrders = workflow(
      [
        audience('r', 'reviews'),
        activity('enrich', 'enrichment', {
          attributes: [
            { name: 'score', source: { kind: 'dataset', dataset: 'purchases', column: 'amount' } },
          ],
          aggregates: [],
          collected: [],
        }),
        to('change', 'purchases'),
        activity('end', 'end', {}),
      ],
      ['r>enrich', 'enrich>change', 'change>end'],
    );
    expect(names(into(toOrders, 'end')?.columns)).toEqual(['order_id']);
  });

  it('combines on the keys, keeping the chosen columns from whichever input has them', () => {
    const enrich = (id: string, name: string) =>
      activity(id, 'enrichment', {
        attributes: [{ name, source: { kind: 'profile', path: 'age' } }],
        aggregates: [],
        collected: [],
      });
    const combine = (columns: 'keys' | string[]) =>
      workflow(
        [
          audience('a'),
          audience('b'),
          enrich('ea', 'left'),
          enrich('eb', 'right'),
          activity('both', 'combine', { operation: 'union', columns, complement: true }),
        ],
        ['a>ea', 'b>eb', 'ea>both', 'eb>both'],
      );
    expect(names(outgoingColumns(combine('keys'), 'both', 'out', catalog)?.columns)).toEqual([
      'profile_id',
    ]);
    const chosen = outgoingColumns(
      combine(['right', 'profile_id', 'left']),
      'both',
      'complement',
      catalog,
    );
    expect(chosen?.columns).toEqual([
      { name: 'profile_id', type: 'string' },
      { name: 'right', type: 'number' },
      { name: 'left', type: 'number' },
    ]);
    expect(chosen?.complete).toBe(true);
    expect(outgoingColumns(combine(['missing']), 'both', 'out', catalog)).toMatchObject({
      columns: [{ name: 'profile_id' }],
      complete: false,
    });
  });

  it('reads an uploaded audience’s column names; flow activities pass their input on', () => {
    const definition = workflow(
      [
        activity('start', 'scheduler', { frequency: 'asap', zone: 'UTC' }),
        activity('read', 'readAudience', { audienceId: 'a0000000-0000-4000-8000-000000000001' }),
        audience('other'),
        activity('fork', 'fork', { branches: ['x', 'y'] }),
        activity('join', 'andJoin', { primary: 'other' }),
        activity('mail', 'directMail', {
          fileName: 'mail.csv',
          columns: [
            { header: 'City', source: 'city' },
            { header: 'Age', source: 'profile.age' },
          ],
        }),
      ],
      ['start>read', 'read>fork', 'fork.x>join', 'other>join', 'join>mail'],
    );
    expect(into(definition, 'read')).toBeNull();
    expect(names(into(definition, 'fork')?.columns)).toEqual(['profile_id', 'city']);
    expect(names(outgoingColumns(definition, 'fork', 'y', catalog)?.columns)).toEqual([
      'profile_id',
      'city',
    ]);
    // The AND-join passes on its primary branch.
    expect(names(into(definition, 'mail')?.columns)).toEqual(['profile_id']);
    expect(outgoingColumns(definition, 'mail', 'out', catalog)?.columns).toEqual([
      { name: 'profile_id', type: 'string' },
      { name: 'City', type: 'string' },
      { name: 'Age', type: 'number' },
    ]);
    expect(outgoingColumns(definition, 'mail', 'out', catalog)?.complete).toBe(false);
    expect(outgoingColumns(definition, 'start', 'out', catalog)).toBeNull();
  });
});
