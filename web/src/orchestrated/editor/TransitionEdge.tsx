// A transition: a curve from an output port to the next activity, with its label and, once a
// run has reached it, the number of rows it carries. Red when the graph rules object to it.
import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDecorations } from './decorations.ts';
import type { TransitionFlowEdge } from './flow.ts';

const formatCount = (n: number) => n.toLocaleString('en-GB');

function TransitionEdgeView(props: EdgeProps<TransitionFlowEdge>) {
  const { id, label, selected } = props;
  const { check, counts, openTransition } = useDecorations();
  const [path, labelX, labelY] = getBezierPath(props);
  const problems = check?.byTransition.get(id) ?? [];
  const count = counts.get(id);
  const stroke = problems.length
    ? 'var(--mantine-color-red-6)'
    : selected
      ? 'var(--mantine-color-blue-6)'
      : 'var(--mantine-color-gray-6)';
  const hasLabel = typeof label === 'string' && label !== '';
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(props.markerEnd !== undefined && { markerEnd: props.markerEnd })}
        style={{ stroke, strokeWidth: selected ? 2.5 : 1.5 }}
        interactionWidth={24}
      />
      {(hasLabel || count !== undefined || problems.length > 0) && (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan"
            data-testid={`transition-${id}`}
            style={{
              position: 'absolute',
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
              pointerEvents: 'all',
            }}
          >
            <Tooltip
              label={problems.join(' · ')}
              disabled={problems.length === 0}
              multiline
              w={260}
            >
              <Stack gap={0} align="center">
                {hasLabel && (
                  <Text size="xs" bg="var(--mantine-color-body)" px={4}>
                    {label}
                  </Text>
                )}
                {count !== undefined && count !== null && (
                  <Badge
                    size="sm"
                    variant="filled"
                    color="dark"
                    component="button"
                    style={{ cursor: 'pointer', border: 0 }}
                    onClick={() => openTransition?.(id)}
                    aria-label={`${formatCount(count)} rows: show them`}
                    data-testid={`count-${id}`}
                  >
                    {formatCount(count)}
                  </Badge>
                )}
                {problems.length > 0 && (
                  <Badge size="xs" color="red" variant="light">
                    Problem
                  </Badge>
                )}
              </Stack>
            </Tooltip>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const TransitionEdge = memo(TransitionEdgeView);
