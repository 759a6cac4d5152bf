// A saved rule in words, nested as the rule is.
import { List, Text } from '@mantine/core';
import type { RuleTree } from '../../../src/audiences/model.ts';
import { summaryOf, type Names, type SummaryItem } from './describe.ts';

function Items({ items }: { items: SummaryItem[] }) {
  return (
    <List size="sm" spacing={4} withPadding listStyleType="disc">
      {items.map((item, index) => (
        <List.Item key={index}>
          <Text size="sm" fw={item.children ? 600 : undefined} span>
            {item.text}
          </Text>
          {item.children && <Items items={item.children} />}
        </List.Item>
      ))}
    </List>
  );
}

export function RuleSummary({ rule, names }: { rule: RuleTree; names: Names }) {
  const summary = summaryOf(rule.root, names);
  return (
    <div aria-label="Rule summary" role="region">
      <Text size="sm" fw={600}>
        {summary.text}
      </Text>
      {summary.children && <Items items={summary.children} />}
    </div>
  );
}
