// The side panel of the selected activity: its name, its configuration form, and what is wrong
// with it (its fields against the kind's schema, then the graph rules about it).
import {
  ActionIcon,
  Alert,
  Badge,
  Group,
  List,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { CanvasNode } from '../../../../src/orchestration/canvas.ts';
import { KIND_LOOK } from '../labels.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { ConfigForm } from './ConfigForm.tsx';
import type { PanelEnv } from './env.ts';

export function ActivityPanel({
  node,
  onChange,
  onClose,
  fieldErrors,
  messages,
  env,
  readOnly,
}: {
  node: CanvasNode;
  onChange: (node: CanvasNode) => void;
  onClose: () => void;
  fieldErrors: FieldErrors;
  messages: { errors: string[]; warnings: string[] };
  env: PanelEnv;
  readOnly: boolean;
}) {
  const look = KIND_LOOK[node.type];
  const Icon = look.icon;
  const configErrors: FieldErrors = {};
  for (const [path, message] of Object.entries(fieldErrors))
    if (path.startsWith('/config')) configErrors[path.slice('/config'.length)] = message;
  return (
    <Stack gap={0} h="100%" role="complementary" aria-label="Activity settings">
      <Group
        justify="space-between"
        p="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group gap="xs">
          <Icon size={18} />
          <Text fw={600}>{look.label}</Text>
          <Badge variant="outline" color="gray" size="sm" tt="none">
            {node.id}
          </Badge>
        </Group>
        <ActionIcon variant="subtle" aria-label="Close the settings" onClick={onClose}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        <fieldset
          disabled={readOnly}
          style={{ border: 0, padding: 'var(--mantine-spacing-sm)', margin: 0 }}
        >
          <Stack gap="sm">
            <TextInput
              label="Label"
              value={node.data.label}
              onChange={(e) =>
                onChange({
                  ...node,
                  data: { ...node.data, label: e.currentTarget.value },
                } as CanvasNode)
              }
              error={fieldErrors['/label']}
              required
            />
            {/* Keyed by id: another activity gets fresh drafts. */}
            <ConfigForm
              key={node.id}
              node={node}
              onChange={onChange}
              errors={configErrors}
              env={env}
            />
            {(messages.errors.length > 0 || messages.warnings.length > 0) && (
              <Alert
                color={messages.errors.length ? 'red' : 'yellow'}
                title="To fix"
                variant="light"
              >
                <List size="sm" spacing={2}>
                  {[...messages.errors, ...messages.warnings].map((m) => (
                    <List.Item key={m}>{m}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </Stack>
        </fieldset>
      </ScrollArea>
    </Stack>
  );
}
