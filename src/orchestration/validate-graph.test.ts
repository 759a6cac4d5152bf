// The graph rules, each with its exact message, plus properties over random acyclic workflows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activity,
  audience,
  email,
  end,
  scheduler,
  sms,
  split,
  workflow,
} from './testing/workflows.ts';
import { validateWorkflow } from './validate.ts';

const errors = (def: Parameters<typeof validateWorkflow>[0], stage?: 'edit' | 'run') =>
  validateWorkflow(def, stage).filter((p) => p.severity === 'error');

describe('validateWorkflow: the graph', () => {
  it('reports an empty workflow', () => {
    expect(validateWorkflow(workflow([]))).toEqual([
      { path: '/activities', message: 'The workflow has no activity yet.', severity: 'error' },
    ]);
  });

  it('reports duplicated activity and transition ids', () => {
    const def = workflow([audience('a'), audience('a'), email('m')], ['x:a>m', 'x:a>m']);
    expect(errors(def)).toContainEqual({
      activityId: 'a',
      path: '/activities/1/id',
      message: 'Two activities are named "a"; activity ids must be unique.',
      severity: 'error',
    });
    expect(errors(def)).toContainEqual({
      transitionId: 'x',
      path: '/transitions/1/id',
      message: 'Two transitions are named "x"; transition ids must be unique.',
      severity: 'error',
    });
  });

  it('reports transitions to unknown activities and ports, and a second transition on a port', () => {
    const def = workflow(
      [audience('a'), email('m'), sms('s'), end('e')],
      ['a>ghost', 'ghost>m', 'a.rejects>s', 'a>m', 'a>s', 'e>s'],
    );
    expect(errors(def).map((p) => [p.path, p.message])).toEqual([
      [
        '/transitions/0/to',
        'Transition "t1" leads to "ghost", which is not an activity of this workflow.',
      ],
      [
        '/transitions/1/from/activity',
        'Transition "t2" starts at "ghost", which is not an activity of this workflow.',
      ],
      ['/transitions/2/from/port', '"a" has no output "rejects"; its outputs are "out".'],
      [
        '/transitions/4/from/port',
        'Output "out" of "a" already leads to "m"; an output has at most one transition (use a Fork to branch).',
      ],
      ['/transitions/5/from/port', '"e" (end) has no output; transition "t6" cannot start there.'],
      ['/activities/2', '"s" (sms) needs an incoming transition.'],
      ['/activities/3', '"e" (end) needs an incoming transition.'],
    ]);
  });

  it('checks input counts per kind', () => {
    const def = workflow(
      [
        scheduler('go'),
        audience('a'),
        audience('b'),
        audience('c'),
        activity('dedup', 'deduplication', {
          columns: ['x'],
          keep: 1,
          method: { kind: 'random' },
          duplicatesOutput: false,
        }),
        activity('union', 'combine', { operation: 'union', columns: 'keys', complement: false }),
      ],
      ['b>go', 'a>c', 'b2:go>c', 'union>dedup'],
    );
    expect(validateWorkflow(def).map((p) => p.message)).toEqual([
      '"go" (scheduler) starts the workflow; no transition may lead into it.',
      '"c" (buildAudience) takes at most one incoming transition; it has 2 (join them with an AND-join first).',
      '"union" (combine) needs at least one incoming transition.',
    ]);
    const single = workflow(
      [
        audience('a'),
        activity('u', 'combine', { operation: 'union', columns: 'keys', complement: false }),
        email('m'),
      ],
      ['a>u', 'u>m'],
    );
    expect(validateWorkflow(single)).toEqual([
      {
        activityId: 'u',
        path: '/activities/1',
        message: '"u" combines a single population; connect a second one.',
        severity: 'warning',
      },
    ]);
  });

  it('reports every activity on a cycle, and nothing downstream of it', () => {
    const def = workflow(
      [
        audience('a'),
        split('s', ['x']),
        activity('w', 'wait', { kind: 'duration', minutes: 5 }),
        activity('f', 'fork', { branches: ['p', 'q'] }),
      ],
      ['a>s', 's.x>w', 'w>f', 'f.p>s', 'f.q>f'],
    );
    const messages = errors(def).map((p) => `${p.activityId} ${p.message}`);
    expect(messages).toContain(
      's "s" is on a cycle ("s" → "w" → "f" → "s"); a workflow may not loop back.',
    );
    expect(messages).toContain(
      'w "w" is on a cycle ("s" → "w" → "f" → "s"); a workflow may not loop back.',
    );
    expect(messages).toContain(
      'f "f" is on a cycle ("s" → "w" → "f" → "s"); a workflow may not loop back.',
    );
    expect(messages.filter((m) => m.includes('cycle'))).toHaveLength(3);
  });

  it('requires a start and at most one scheduler', () => {
    const noStart = workflow([split('s', ['x']), email('m')], ['s.x>m', 'm>s']);
    expect(errors(noStart).map((p) => p.message)).toContain(
      'The workflow has no start: add a Scheduler or a targeting activity with nothing before it.',
    );
    const two = workflow([scheduler('one'), scheduler('two'), audience('a')], ['one>a']);
    expect(errors(two)).toEqual([
      {
        activityId: 'two',
        path: '/activities/1',
        message: 'A workflow has at most one Scheduler; "one" is already one.',
        severity: 'error',
      },
    ]);
  });

  it('sends only downstream of a population', () => {
    const def = workflow(
      [
        scheduler('go'),
        activity('f', 'fork', { branches: ['p', 'q'] }),
        email('m'),
        audience('a'),
        activity('w', 'wait', { kind: 'duration', minutes: 1 }),
        sms('s'),
        activity('d', 'deduplication', {
          columns: ['x'],
          keep: 1,
          method: { kind: 'random' },
          duplicatesOutput: false,
        }),
      ],
      ['go>f', 'f.p>m', 'f.q>a', 'a>w', 'w>s', 'm>d'],
    );
    expect(errors(def).map((p) => p.message)).toEqual([
      '"m" (email) sends to a population, but no targeting activity comes before it (via "f").',
      '"d" (deduplication) works on a population, but no targeting activity comes before it (via "m").',
    ]);
  });

  it('checks the primary input of combine and AND-join', () => {
    const def = workflow(
      [
        audience('a'),
        audience('b'),
        activity('x', 'combine', { operation: 'exclusion', columns: 'keys', complement: false }),
        activity('j', 'andJoin', { primary: 'zz' }),
        email('m'),
        sms('s'),
      ],
      ['a>x', 'b>j', 'x>m', 'j>s'],
    );
    expect(errors(def)).toEqual([
      {
        activityId: 'x',
        path: '/activities/2/config/primary',
        message: '"x" excludes from a primary population: choose which input it is.',
        severity: 'error',
      },
      {
        activityId: 'j',
        path: '/activities/3/config/primary',
        message: 'The primary input "zz" of "j" is not one of its inputs ("b").',
        severity: 'error',
      },
    ]);
  });

  it('warns about required outputs left unconnected and duplicate output keys', () => {
    const def = workflow(
      [audience('a'), split('s', ['gold', 'silver', 'gold']), email('m')],
      ['a>s', 's.gold>m'],
    );
    expect(validateWorkflow(def)).toEqual([
      {
        activityId: 's',
        path: '/activities/1',
        message: 'Output "silver" of "s" leads nowhere: its rows go no further.',
        severity: 'warning',
      },
      {
        activityId: 's',
        path: '/activities/1/config',
        message: '"s" has two outputs named "gold"; output keys must be unique.',
        severity: 'error',
      },
    ]);
  });

  it('finds no cycle in random acyclic workflows, and every activity of an added back edge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
        (size, pairs) => {
          const ids = Array.from({ length: size }, (_, i) => `n${i}`);
          const forks = ids.map((id) =>
            activity(id, 'fork', { branches: Array.from({ length: size }, (_, k) => `p${k}`) }),
          );
          const edges = new Set<string>();
          for (const [x, y] of pairs) {
            const a = x % size;
            const b = y % size;
            if (a < b) edges.add(`n${a}.p${b}>n${b}`);
          }
          const def = workflow(forks, [...edges]);
          expect(validateWorkflow(def).filter((p) => p.message.includes('cycle'))).toEqual([]);
          const back = workflow(forks, [
            ...edges,
            `n${size - 1}.p0>n0`,
            ...Array.from({ length: size - 1 }, (_, i) => `n${i}.p${i + 1}>n${i + 1}`),
          ]);
          const onCycle = validateWorkflow(back).filter((p) => p.message.includes('on a cycle'));
          expect(new Set(onCycle.map((p) => p.activityId))).toEqual(new Set(ids));
        },
      ),
      { numRuns: 60 },
    );
  });
});
