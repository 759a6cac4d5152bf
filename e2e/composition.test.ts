// The combination screen's model without a browser: any rule made only of audiences comes back
// unchanged from the screen's tree, rules with other conditions are left to the rule builder,
// picking audiences keeps the order of those that stay, and what keeps a combination from being
// saved is named where it shows. (The browser flow is in audience-upload.test.ts.)
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleTree, type RuleNode } from '../src/audiences/model.ts';
import {
  audienceItem,
  audiencesOf,
  compositionOfRule,
  compositionProblems,
  isComposition,
  newCombination,
  ruleOfComposition,
  withAudiences,
  withNestedCombination,
  type Combination,
} from '../web/src/audiences/composition/composition.ts';

const ids = ['a', 'b', 'c', 'd'].map((letter) => `00000000-0000-4000-8000-00000000000${letter}`);
const [A = '', B = '', C = '', D = ''] = ids;
const audience = fc.constantFrom(...ids).map((audienceId): RuleNode => ({
  kind: 'audience',
  audienceId,
}));
const { group } = fc.letrec<{ group: RuleNode; node: RuleNode }>((tie) => ({
  group: fc.record({
    kind: fc.constant('group' as const),
    op: fc.constantFrom('and', 'or', 'except' as const),
    children: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
  }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, audience, tie('group')),
}));

const shapeOf = (group: Combination) =>
  group.children.map((c) => (c.kind === 'audience' ? c.audienceId : `(${c.op})`));

describe('combination model', () => {
  it('gives back every rule of audiences unchanged after a trip through the screen', () => {
    fc.assert(
      fc.property(group, (root) => {
        const rule = { version: 1 as const, root };
        expect(Value.Check(RuleTree, rule)).toBe(true);
        expect(isComposition(rule)).toBe(true);
        const combination = compositionOfRule(rule);
        expect(combination).not.toBeNull();
        if (combination) expect(ruleOfComposition(combination)).toEqual(rule);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves rules with other conditions, or one condition alone, to the rule builder', () => {
    const consent: RuleNode = { kind: 'consent', channel: 'email', status: 'y' };
    const nested: RuleNode = {
      kind: 'group',
      op: 'or',
      children: [
        { kind: 'audience', audienceId: A },
        { kind: 'group', op: 'and', children: [{ kind: 'audience', audienceId: B }, consent] },
      ],
    };
    for (const root of [nested, consent, { kind: 'audience', audienceId: A } as const]) {
      expect(isComposition({ version: 1, root })).toBe(false);
      expect(compositionOfRule({ version: 1, root })).toBeNull();
    }
  });

  it('keeps the audiences that stay in place when the picked ones change', () => {
    const inner = newCombination('and', [audienceItem(C)]);
    const union = newCombination('or', [audienceItem(A), inner, audienceItem(B)]);
    const picked = withAudiences(union, [B, D]);
    expect(shapeOf(picked)).toEqual(['(and)', B, D]);
    expect(audiencesOf(picked)).toEqual([B, D]);
    expect(picked.children[0]).toBe(inner);

    // An exclusion's base stays first; without one, a place is kept for it.
    const exclusion = newCombination('except', [audienceItem(A), audienceItem(B)]);
    expect(shapeOf(withAudiences(exclusion, [C]))).toEqual([A, C]);
    expect(audiencesOf(withAudiences(exclusion, [C]))).toEqual([C]);
    const empty = newCombination('except');
    expect(shapeOf(withAudiences(empty, [B]))).toEqual(['', B]);
    expect(shapeOf(withNestedCombination(empty, 'or'))).toEqual(['', '(or)']);
    expect(shapeOf(withNestedCombination(union, 'and'))).toEqual([A, '(and)', B, '(and)']);
  });

  it('names what keeps a combination from being saved, at the paths the screen shows', () => {
    const root = newCombination('except', [
      audienceItem(''),
      newCombination('or'),
      newCombination('and', [newCombination('except', [audienceItem(A)])]),
    ]);
    expect(compositionProblems(root)).toEqual({
      '/rule/root/base': 'Choose the audience to start from',
      '/rule/root/children/1/children': 'Choose at least one audience',
      '/rule/root/children/2/children/0/children': 'Choose at least one audience to remove',
    });
    expect(compositionProblems(newCombination('or', [audienceItem(A)]))).toEqual({});
  });
});
