// The activities to add, grouped as targeting, flow control and channels: drag one onto the
// canvas, or press it (mouse or keyboard) to add it beside the others.
import { ScrollArea, Stack, Text, Tooltip, UnstyledButton, Group } from '@mantine/core';
import type { DragEvent } from 'react';
import type { ActivityKind } from '../../../../src/orchestration/model.ts';
import { KIND_INFO, type ActivityGroup } from '../../../../src/orchestration/ports.ts';
import { GROUP_LOOK, KIND_LOOK } from '../labels.ts';

export const DRAG_TYPE = 'application/x-clarion-activity';
const GROUPS: ActivityGroup[] = ['targeting', 'flow', 'channels'];
const KINDS = Object.keys(KIND_INFO) as ActivityKind[];

function startDrag(event: DragEvent, kind: ActivityKind) {
  event.dataTransfer.setData(DRAG_TYPE, kind);
  event.dataTransfer.effectAllowed = 'copy';
}

export function Palette({
  onAdd,
  disabled,
}: {
  onAdd: (kind: ActivityKind) => void;
  disabled: boolean;
}) {
  return (
    <ScrollArea h="100%" type="auto" aria-label="Activities">
      <Stack gap="md" p="xs">
        {GROUPS.map((group) => (
          <Stack gap={4} key={group} role="group" aria-label={GROUP_LOOK[group].label}>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              {GROUP_LOOK[group].label}
            </Text>
            {KINDS.filter((kind) => KIND_INFO[kind].group === group).map((kind) => {
              const look = KIND_LOOK[kind];
              const Icon = look.icon;
              return (
                <Tooltip key={kind} label={look.help} position="right" openDelay={400} withinPortal>
                  <UnstyledButton
                    draggable={!disabled}
                    disabled={disabled}
                    onDragStart={(event) => startDrag(event, kind)}
                    onClick={() => onAdd(kind)}
                    aria-label={`Add ${look.label}`}
                    data-kind={kind}
                    px={8}
                    py={5}
                    style={{
                      border: '1px solid var(--mantine-color-gray-3)',
                      borderRadius: 6,
                      cursor: disabled ? 'not-allowed' : 'grab',
                      opacity: disabled ? 0.5 : 1,
                      background: 'var(--mantine-color-body)',
                    }}
                  >
                    <Group gap={6} wrap="nowrap">
                      <Icon size={16} color={`var(--mantine-color-${GROUP_LOOK[group].color}-7)`} />
                      <Text size="sm">{look.label}</Text>
                    </Group>
                  </UnstyledButton>
                </Tooltip>
              );
            })}
          </Stack>
        ))}
      </Stack>
    </ScrollArea>
  );
}
