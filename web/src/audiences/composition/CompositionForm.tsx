// Combining audiences: union, intersection or exclusion of saved audiences (uploads included),
// nested, with the live count beside it. Saved as a rule of audience conditions, so the rule
// builder can open it too.
import { Anchor, Group, Paper, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { RuleAudience } from '../../api/audiences.ts';
import { AudienceFormFrame } from '../AudienceFormFrame.tsx';
import { ROOT_PATH } from '../problems.ts';
import { useAudienceEditing } from '../useAudienceEditing.ts';
import type { BuilderData } from '../useBuilderData.ts';
import { audienceOptions } from './audienceOptions.ts';
import { CombinationCard } from './CombinationCard.tsx';
import {
  compositionOfRule,
  compositionProblems,
  newCombination,
  ruleOfComposition,
  type Combination,
} from './composition.ts';

function referencedIds(group: Combination): string[] {
  return group.children.flatMap((c) => (c.kind === 'audience' ? [c.audienceId] : referencedIds(c)));
}

export function CompositionForm({
  audience,
  data,
}: {
  audience?: RuleAudience | undefined;
  data: BuilderData;
}) {
  const [root, setRoot] = useState<Combination>(
    () => (audience && compositionOfRule(audience.rule)) || newCombination('or'),
  );
  const rule = useMemo(() => ruleOfComposition(root), [root]);
  const problems = useMemo(() => compositionProblems(root), [root]);
  const editing = useAudienceEditing({ audience, audiences: data.audiences, rule, problems });
  const options = useMemo(
    () => audienceOptions(data.audiences, audience?.id, referencedIds(root)),
    [data.audiences, audience?.id, root],
  );

  return (
    <AudienceFormFrame
      editing={editing}
      title="Combine audiences"
      description="Union, intersection or exclusion of saved audiences (uploaded ones too); a combination can contain other combinations. The count on the right follows every change."
    >
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="combination-title">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4" id="combination-title">
            Combination
          </Title>
          {audience && (
            <Anchor component={Link} to={`/audiences/${audience.id}/edit?builder=rule`} size="sm">
              Open in the rule builder
            </Anchor>
          )}
        </Group>
        <CombinationCard
          group={root}
          path={ROOT_PATH}
          number=""
          env={{ options, errors: editing.errors }}
          onChange={(next) => {
            setRoot(next);
            editing.clearServerErrors();
          }}
        />
      </Paper>
    </AudienceFormFrame>
  );
}
