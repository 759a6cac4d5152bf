// A profile's attributes (nested JSON) as a tree: objects and arrays open and close, leaves show
// their value with its JSON type. Keyboard: arrows move, Space or Enter opens and closes.
import { Code, Group, Text, Tree, useTree, type TreeNodeData } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMemo } from 'react';

function leafText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function nodesOf(value: unknown, path: string): TreeNodeData[] {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index): [string, unknown] => [`[${index}]`, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return entries.map(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    const isBranch = typeof child === 'object' && child !== null;
    if (!isBranch) {
      return {
        value: childPath,
        label: (
          <Group gap={8} wrap="nowrap">
            <Text size="sm" fw={500}>
              {key}
            </Text>
            <Code>{leafText(child)}</Code>
          </Group>
        ),
      };
    }
    const count = Array.isArray(child) ? child.length : Object.keys(child).length;
    return {
      value: childPath,
      label: (
        <Group gap={8} wrap="nowrap">
          <Text size="sm" fw={500}>
            {key}
          </Text>
          <Text size="xs" c="dimmed">
            {Array.isArray(child)
              ? `list of ${count}`
              : `${count} ${count === 1 ? 'field' : 'fields'}`}
          </Text>
        </Group>
      ),
      children: nodesOf(child, childPath),
    };
  });
}

function branchValues(nodes: TreeNodeData[]): string[] {
  return nodes.flatMap((node) =>
    node.children?.length ? [node.value, ...branchValues(node.children)] : [],
  );
}

export function AttributesTree({ attributes }: { attributes: Record<string, unknown> }) {
  const data = useMemo(() => nodesOf(attributes, ''), [attributes]);
  const tree = useTree({
    initialExpandedState: Object.fromEntries(branchValues(data).map((value) => [value, true])),
  });
  if (data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This profile has no attributes.
      </Text>
    );
  }
  return (
    <Tree
      data={data}
      tree={tree}
      aria-label="Attributes"
      levelOffset={24}
      renderNode={({ node, expanded, hasChildren, elementProps }) => (
        <Group gap={4} wrap="nowrap" py={3} {...elementProps}>
          {hasChildren ? (
            expanded ? (
              <IconChevronDown size={14} aria-hidden />
            ) : (
              <IconChevronRight size={14} aria-hidden />
            )
          ) : (
            <span style={{ width: 14 }} />
          )}
          {node.label}
        </Group>
      )}
    />
  );
}
