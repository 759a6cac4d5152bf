// Everything that keeps the workflow from a test run or publishing, grouped by activity.
import { List, Text } from '@mantine/core';
import type { WorkflowCheck } from './problems.ts';

export function ProblemsList({
  check,
  labels,
}: {
  check: WorkflowCheck;
  labels: ReadonlyMap<string, string>;
}) {
  const items: { key: string; text: string; error: boolean }[] = [];
  check.general.forEach((p, i) =>
    items.push({ key: `g${i}`, text: p.message, error: p.severity === 'error' }),
  );
  for (const [id, messages] of check.byActivity) {
    const name = labels.get(id) ?? id;
    messages.errors.forEach((m, i) =>
      items.push({ key: `${id}e${i}`, text: `${name}: ${m}`, error: true }),
    );
    messages.warnings.forEach((m, i) =>
      items.push({ key: `${id}w${i}`, text: `${name}: ${m}`, error: false }),
    );
  }
  for (const [id, messages] of check.byTransition)
    messages.forEach((m, i) => items.push({ key: `${id}t${i}`, text: m, error: true }));
  if (items.length === 0)
    return (
      <Text size="sm" c="green">
        No problems: the workflow can be test-run.
      </Text>
    );
  return (
    <List size="sm" spacing={2} aria-label="Problems">
      {items.map((item) => (
        <List.Item key={item.key}>
          <Text span size="sm" c={item.error ? 'red' : 'yellow.8'}>
            {item.text}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
