// The canvas's React Flow nodes and edges, and the pure canvas graph of canvas.ts they map to:
// React Flow adds its own fields (selected, measured, dragging…), which never reach the stored
// definition.
import type { Edge, Node } from '@xyflow/react';
import {
  toCanvas,
  toDefinition,
  type CanvasEdge,
  type CanvasNode,
} from '../../../../src/orchestration/canvas.ts';
import type { ActivityKind, WorkflowDefinition } from '../../../../src/orchestration/model.ts';

export type ActivityData = CanvasNode['data'];
export type ActivityFlowNode = Node<ActivityData, ActivityKind>;
export type TransitionFlowEdge = Edge<Record<string, never>, 'transition'>;

export function canvasNodeOf(node: ActivityFlowNode): CanvasNode {
  // The editor changes a node's configuration only through its kind's form, so type and data
  // stay paired; React Flow's Node type cannot express that pairing.
  return {
    id: node.id,
    type: node.type,
    position: { x: node.position.x, y: node.position.y },
    data: { label: node.data.label, config: node.data.config },
  } as CanvasNode;
}

export function canvasEdgeOf(edge: TransitionFlowEdge): CanvasEdge {
  const out: CanvasEdge = {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? 'out',
    target: edge.target,
  };
  if (typeof edge.label === 'string' && edge.label !== '') out.label = edge.label;
  return out;
}

export function flowNodeOf(node: CanvasNode): ActivityFlowNode {
  return { id: node.id, type: node.type, position: node.position, data: node.data };
}

export function flowEdgeOf(edge: CanvasEdge): TransitionFlowEdge {
  return {
    id: edge.id,
    type: 'transition',
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    ...(edge.label !== undefined && { label: edge.label }),
  };
}

export function flowOf(definition: WorkflowDefinition) {
  const graph = toCanvas(definition);
  return { nodes: graph.nodes.map(flowNodeOf), edges: graph.edges.map(flowEdgeOf) };
}

export function definitionOf(
  nodes: readonly ActivityFlowNode[],
  edges: readonly TransitionFlowEdge[],
): WorkflowDefinition {
  return toDefinition({ nodes: nodes.map(canvasNodeOf), edges: edges.map(canvasEdgeOf) });
}
