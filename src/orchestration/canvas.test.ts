import '../platform/formats.ts';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalText,
  duplicateNodes,
  followRenamedPorts,
  freshId,
  toCanvas,
  toDefinition,
  type CanvasEdge,
  type CanvasGraph,
  type CanvasNode,
} from './canvas.ts';
import {
  Activity,
  ActivityId,
  WorkflowDefinition,
  type Transition,
  type WorkflowDefinition as Definition,
} from './model.ts';
import { outputPorts } from './ports.ts';
import { arbitraryFor } from './testing/schema-arbitrary.ts';

const activityArbitrary = arbitraryFor(Activity) as fc.Arbitrary<Activity>;
const idArbitrary = arbitraryFor(ActivityId) as fc.Arbitrary<string>;

/** Activities with distinct ids, and transitions from their real output ports to other activities. */
const definitionArbitrary: fc.Arbitrary<Definition> = fc
  .uniqueArray(idArbitrary, { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.tuple(
      fc.tuple(...ids.map((id) => activityArbitrary.map((a): Activity => ({ ...a, id })))),
      fc.array(
        fc.record({
          from: fc.nat(),
          port: fc.nat(),
          to: fc.nat(),
          label: fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
        }),
        { maxLength: 8 },
      ),
    ),
  )
  .map(([activities, picks]) => {
    const transitions: Transition[] = [];
    picks.forEach((pick, index) => {
      const from = activities[pick.from % activities.length]!;
      const ports = outputPorts(from);
      const port = ports[pick.port % Math.max(ports.length, 1)];
      const to = activities[pick.to % activities.length]!;
      if (!port) return;
      const transition: Transition = {
        id: `t${index}`,
        from: { activity: from.id, port: port.key },
        to: to.id,
      };
      if (pick.label !== undefined) transition.label = pick.label;
      transitions.push(transition);
    });
    return { version: 1, activities, transitions };
  });

describe('canvas ↔ definition', () => {
  it('draws valid definitions', () => {
    fc.assert(
      fc.property(definitionArbitrary, (definition) => {
        const problems = [...Value.Errors(WorkflowDefinition, definition)].map(
          (e) => `${e.path} ${e.message}`,
        );
        expect(problems).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('definition → canvas → definition gives back the definition', () => {
    fc.assert(
      fc.property(definitionArbitrary, (definition) => {
        const copy = structuredClone(definition);
        expect(toDefinition(toCanvas(definition))).toStrictEqual(copy);
        expect(definition).toStrictEqual(copy);
      }),
      { numRuns: 200 },
    );
  });

  it('canvas → definition → canvas gives back the canvas', () => {
    fc.assert(
      fc.property(definitionArbitrary, (definition) => {
        const canvas = toCanvas(definition);
        expect(toCanvas(toDefinition(canvas))).toStrictEqual(canvas);
      }),
      { numRuns: 200 },
    );
  });

  it('maps activities to typed nodes and transitions to edges from their port handles', () => {
    const definition: Definition = {
      version: 1,
      activities: [
        {
          id: 'query',
          kind: 'buildAudience',
          label: 'Gold members',
          position: { x: 10, y: 20 },
          config: { dimension: { kind: 'profiles' }, targeting: {} },
        },
        {
          id: 'keep',
          kind: 'saveAudience',
          label: 'Keep',
          position: { x: 300, y: 20 },
          config: { name: 'Gold' },
        },
      ],
      transitions: [
        { id: 't1', from: { activity: 'query', port: 'out' }, to: 'keep', label: 'all of them' },
      ],
    };
    expect(toCanvas(definition)).toStrictEqual({
      nodes: [
        {
          id: 'query',
          type: 'buildAudience',
          position: { x: 10, y: 20 },
          data: {
            label: 'Gold members',
            config: { dimension: { kind: 'profiles' }, targeting: {} },
          },
        },
        {
          id: 'keep',
          type: 'saveAudience',
          position: { x: 300, y: 20 },
          data: { label: 'Keep', config: { name: 'Gold' } },
        },
      ],
      edges: [
        { id: 't1', source: 'query', sourceHandle: 'out', target: 'keep', label: 'all of them' },
      ],
    } satisfies CanvasGraph);
  });
});

describe('copy and paste', () => {
  const node = (id: string, x: number): CanvasNode => ({
    id,
    type: 'saveAudience',
    position: { x, y: 0 },
    data: { label: id, config: { name: id } },
  });

  it('numbers fresh ids after the kind and skips taken ones', () => {
    expect(freshId('email', new Set(['email1', 'email2']))).toBe('email3');
    expect(freshId('split2', new Set())).toBe('split1');
  });

  it('copies nodes with new ids and only the edges between copied nodes', () => {
    const nodes = [node('a', 0), node('b', 100)];
    const edges: CanvasEdge[] = [
      { id: 'e1', source: 'a', sourceHandle: 'out', target: 'b' },
      { id: 'e2', source: 'b', sourceHandle: 'out', target: 'elsewhere' },
    ];
    const pasted = duplicateNodes(nodes, edges, new Set(['a', 'b', 'saveAudience1']), {
      x: 40,
      y: 40,
    });
    expect(pasted.nodes.map((n) => [n.id, n.position])).toStrictEqual([
      ['saveAudience2', { x: 40, y: 40 }],
      ['saveAudience3', { x: 140, y: 40 }],
    ]);
    expect(pasted.edges).toStrictEqual([
      { id: 't1', source: 'saveAudience2', sourceHandle: 'out', target: 'saveAudience3' },
    ]);
    pasted.nodes[0]!.data.label = 'changed';
    expect(nodes[0]!.data.label).toBe('a');
  });
});

describe('renamed ports', () => {
  const edge = (id: string, source: string, sourceHandle: string): CanvasEdge => ({
    id,
    source,
    sourceHandle,
    target: 'x',
  });
  const edges = [
    edge('t1', 'fork', 'vip'),
    edge('t2', 'fork', 'others'),
    edge('t3', 'other', 'vip'),
  ];

  it('moves the transitions of a port renamed in place, and only those of that activity', () => {
    expect(followRenamedPorts(edges, 'fork', ['vip', 'others'], ['gold', 'others'])).toEqual([
      edge('t1', 'fork', 'gold'),
      edge('t2', 'fork', 'others'),
      edge('t3', 'other', 'vip'),
    ]);
  });

  it('keeps the edges as they are when ports are added or removed, or nothing changed', () => {
    expect(followRenamedPorts(edges, 'fork', ['vip', 'others'], ['vip'])).toBe(edges);
    expect(followRenamedPorts(edges, 'fork', ['vip', 'others'], ['vip', 'others'])).toBe(edges);
  });

  it('follows any sequence of in-place renames to the last names', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uniqueArray(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 2, maxLength: 2 }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (steps) => {
          let ports = ['a0', 'b0'];
          let current = [edge('t1', 'f', 'a0'), edge('t2', 'f', 'b0')];
          for (const next of steps) {
            current = followRenamedPorts(current, 'f', ports, next);
            ports = next;
          }
          expect(current.map((e) => e.sourceHandle)).toEqual(ports);
        },
      ),
    );
  });
});

describe('canonical text', () => {
  it('is the same for a definition whatever the order of its keys, and differs with its values', () => {
    fc.assert(
      fc.property(fc.array(activityArbitrary, { maxLength: 4 }), (activities) => {
        const definition: Definition = { version: 1, activities, transitions: [] };
        const reordered = JSON.parse(
          JSON.stringify(definition, (_key, value: unknown) =>
            value !== null && typeof value === 'object' && !Array.isArray(value)
              ? Object.fromEntries(Object.entries(value).reverse())
              : value,
          ),
        ) as Definition;
        expect(canonicalText(reordered)).toBe(canonicalText(definition));
      }),
      { numRuns: 50 },
    );
    const base: Definition = { version: 1, activities: [], transitions: [] };
    expect(canonicalText({ ...base, version: 2 } as unknown as Definition)).not.toBe(
      canonicalText(base),
    );
  });
});
