// A saved combination in words, nested as it is, each audience a link to its page.
import { Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Combination, CombineOp } from './composition.ts';

const HEADINGS: Record<CombineOp, string> = {
  or: 'Union of:',
  and: 'Intersection of:',
  except: 'Exclusion: the first, without the others:',
};

function Items({ group, names }: { group: Combination; names: ReadonlyMap<string, string> }) {
  return (
    <List size="sm" spacing={4} withPadding listStyleType="disc">
      {group.children.map((child) => (
        <List.Item key={child.key}>
          {child.kind === 'audience' ? (
            <Anchor component={Link} to={`/audiences/${child.audienceId}`} size="sm">
              {names.get(child.audienceId) ?? `Unknown audience ${child.audienceId}`}
            </Anchor>
          ) : (
            <>
              <Text size="sm" fw={600} span>
                {HEADINGS[child.op]}
              </Text>
              <Items group={child} names={names} />
            </>
          )}
        </List.Item>
      ))}
    </List>
  );
}

export function CompositionSummary({
  root,
  names,
}: {
  root: Combination;
  names: ReadonlyMap<string, string>;
}) {
  return (
    <div aria-label="Combination summary" role="region">
      <Text size="sm" fw={600}>
        {HEADINGS[root.op]}
      </Text>
      <Items group={root} names={names} />
    </div>
  );
}
