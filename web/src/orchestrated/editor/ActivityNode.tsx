// One activity on the canvas: its kind's icon and name, its label, an input handle unless it
// starts the workflow, one labelled handle per output port, and a border coloured by the shown
// run's task status — or red when the activity has problems.
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { nodeToActivity } from '../../../../src/orchestration/canvas.ts';
import { KIND_INFO, outputPorts } from '../../../../src/orchestration/ports.ts';
import { GROUP_LOOK, KIND_LOOK, TASK_LOOK } from '../labels.ts';
import { useDecorations } from './decorations.ts';
import { canvasNodeOf, type ActivityFlowNode } from './flow.ts';

export const NODE_WIDTH = 210;

function ProblemMark({ errors, warnings }: { errors: string[]; warnings: string[] }) {
  if (errors.length + warnings.length === 0) return null;
  const color = errors.length > 0 ? 'red' : 'yellow';
  return (
    <Tooltip
      multiline
      w={300}
      withinPortal
      label={[...errors, ...warnings].slice(0, 6).join(' · ')}
    >
      <Badge
        size="sm"
        color={color}
        variant="filled"
        leftSection={<IconAlertTriangle size={10} />}
        aria-label={`${errors.length} errors, ${warnings.length} warnings`}
      >
        {errors.length + warnings.length}
      </Badge>
    </Tooltip>
  );
}

function ActivityNodeView(props: NodeProps<ActivityFlowNode>) {
  const { id, type, data, selected } = props;
  const { check, tasks } = useDecorations();
  const activity = nodeToActivity(canvasNodeOf({ id, type, data, position: { x: 0, y: 0 } }));
  const ports = outputPorts(activity);
  const info = KIND_INFO[type];
  const look = KIND_LOOK[type];
  const Icon = look.icon;
  const task = tasks.get(id);
  const problems = check?.byActivity.get(id) ?? { errors: [], warnings: [] };
  const groupColor = GROUP_LOOK[info.group].color;
  const border = task
    ? `var(--mantine-color-${TASK_LOOK[task.status].color}-6)`
    : problems.errors.length > 0
      ? 'var(--mantine-color-red-6)'
      : `var(--mantine-color-${groupColor}-4)`;
  return (
    <div
      className="clarion-activity"
      data-testid={`activity-${id}`}
      data-status={task?.status}
      data-problems={problems.errors.length}
      style={{
        width: NODE_WIDTH,
        background: 'var(--mantine-color-body)',
        border: `2px solid ${border}`,
        borderRadius: 8,
        boxShadow: selected ? '0 0 0 3px var(--mantine-color-blue-2)' : undefined,
      }}
    >
      {info.input !== 'none' && (
        <Handle
          type="target"
          position={Position.Left}
          id="in"
          aria-label={`Input of ${data.label}`}
          style={{ width: 12, height: 12 }}
        />
      )}
      <Group
        gap={6}
        px={8}
        py={4}
        wrap="nowrap"
        style={{
          background: `var(--mantine-color-${groupColor}-0)`,
          borderRadius: '6px 6px 0 0',
        }}
      >
        <Icon size={16} color={`var(--mantine-color-${groupColor}-7)`} />
        <Text size="xs" c="dimmed" fw={600} style={{ flex: 1 }}>
          {look.label}
        </Text>
        <ProblemMark {...problems} />
      </Group>
      <div style={{ padding: '6px 8px' }}>
        <Text size="sm" fw={600} lineClamp={2}>
          {data.label}
        </Text>
        {task && (
          <Badge size="xs" mt={4} variant="light" color={TASK_LOOK[task.status].color}>
            {TASK_LOOK[task.status].label}
          </Badge>
        )}
      </div>
      {ports.map((port) => (
        <div
          key={port.key}
          style={{
            position: 'relative',
            padding: '2px 14px 4px 8px',
            textAlign: 'right',
            borderTop: '1px dashed var(--mantine-color-gray-3)',
          }}
        >
          <Text size="xs" c="dimmed" truncate>
            {port.label}
          </Text>
          <Handle
            type="source"
            position={Position.Right}
            id={port.key}
            aria-label={`Output ${port.label} of ${data.label}`}
            style={{ width: 12, height: 12 }}
          />
        </div>
      ))}
    </div>
  );
}

export const ActivityNode = memo(ActivityNodeView);
