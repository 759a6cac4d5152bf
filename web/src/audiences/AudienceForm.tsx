// The rule builder: name and description, the rule as nested cards, and the live count beside
// it. Problems found here and those the server names appear on the field or card they concern.
import { Paper, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { RuleTree } from '../../../src/audiences/model.ts';
import type { Audience } from '../api/audiences.ts';
import { AudienceFormFrame } from './AudienceFormFrame.tsx';
import { draftOfRule, ruleOfDraft } from './convert.ts';
import { emptyDraft, isGroupDraft, newGroup, type GroupDraft } from './draft.ts';
import { ROOT_PATH, ruleContext, ruleProblems } from './problems.ts';
import { GroupCard, type BuilderEnv } from './RuleTreeEditor.tsx';
import { useAudienceEditing } from './useAudienceEditing.ts';
import type { BuilderData } from './useBuilderData.ts';

/** The builder always edits a group; a stored rule whose root is one condition is wrapped. */
function initialRoot(audience: Audience | undefined): { root: GroupDraft; wrapped: boolean } {
  if (audience?.kind !== 'rule') return { root: emptyDraft(), wrapped: false };
  const root = draftOfRule(audience.rule);
  return isGroupDraft(root)
    ? { root, wrapped: false }
    : { root: newGroup('and', [root]), wrapped: true };
}

export function AudienceForm({
  audience,
  data,
}: {
  audience?: Audience | undefined;
  data: BuilderData;
}) {
  const [initial] = useState(() => initialRoot(audience));
  const [root, setRoot] = useState<GroupDraft>(initial.root);

  const rule: RuleTree = useMemo(() => {
    const only = root.children[0];
    const unwrap = initial.wrapped && root.op === 'and' && root.children.length === 1 && only;
    return ruleOfDraft(unwrap || root);
  }, [root, initial.wrapped]);
  const context = useMemo(
    () =>
      ruleContext({
        datasets: data.datasets,
        audiences: data.audiences.map((a) => a.id),
        subscriptionLists: data.lists.map((l) => l.id),
      }),
    [data],
  );
  const problems = useMemo(() => ruleProblems(rule, context), [rule, context]);
  const editing = useAudienceEditing({ audience, audiences: data.audiences, rule, problems });
  const env: BuilderEnv = { ...data, selfId: audience?.id, errors: editing.errors };

  return (
    <AudienceFormFrame
      editing={editing}
      title="Create audience"
      description="Combine conditions on attributes, events, consent, subscriptions, datasets and other audiences. The count on the right follows every change."
    >
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="rule-title">
        <Title order={3} size="h4" mb="sm" id="rule-title">
          Rule
        </Title>
        <GroupCard
          group={root}
          path={ROOT_PATH}
          number=""
          env={env}
          onChange={(next) => {
            setRoot(next);
            editing.clearServerErrors();
          }}
        />
      </Paper>
    </AudienceFormFrame>
  );
}
