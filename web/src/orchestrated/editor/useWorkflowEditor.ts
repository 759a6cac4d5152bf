// The workflow being drawn: React Flow's nodes and edges, what the definition would be if saved
// now, whether that differs from the saved one, and the edits the canvas and side panel make
// (add, connect, configure, copy, paste, delete).
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import {
  activityToNode,
  canonicalText,
  duplicateNodes,
  followRenamedPorts,
  freshId,
  nodeToActivity,
} from '../../../../src/orchestration/canvas.ts';
import type { ActivityKind, WorkflowDefinition } from '../../../../src/orchestration/model.ts';
import { KIND_INFO, outputPorts } from '../../../../src/orchestration/ports.ts';
import { newActivity } from '../defaults.ts';
import { KIND_LOOK } from '../labels.ts';
import { checkWorkflow } from '../problems.ts';
import {
  canvasEdgeOf,
  canvasNodeOf,
  definitionOf,
  flowEdgeOf,
  flowNodeOf,
  flowOf,
  type ActivityData,
  type ActivityFlowNode,
  type TransitionFlowEdge,
} from './flow.ts';

const PASTE_OFFSET = 40;

export function useWorkflowEditor(saved: WorkflowDefinition) {
  const [initial] = useState(() => flowOf(saved));
  const [nodes, setNodes] = useState<ActivityFlowNode[]>(initial.nodes);
  const [edges, setEdges] = useState<TransitionFlowEdge[]>(initial.edges);
  const [savedText, setSavedText] = useState(() => canonicalText(saved));
  const clipboard = useRef<{ nodes: ActivityFlowNode[]; edges: TransitionFlowEdge[] } | null>(null);
  const pastes = useRef(0);

  const definition = useMemo(() => definitionOf(nodes, edges), [nodes, edges]);
  const dirty = canonicalText(definition) !== savedText;
  const deferred = useDeferredValue(definition);
  const check = useMemo(() => checkWorkflow(deferred), [deferred]);

  const takenIds = useCallback(
    () => new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)]),
    [nodes, edges],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<ActivityFlowNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)),
    [],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<TransitionFlowEdge>[]) => setEdges((es) => applyEdgeChanges(changes, es)),
    [],
  );

  /** One transition per output port, none into a start, none to itself. */
  const canConnect = useCallback(
    (connection: Connection | TransitionFlowEdge) => {
      const { source, target, sourceHandle } = connection;
      if (source === target) return false;
      const targetNode = nodes.find((n) => n.id === target);
      if (!targetNode || KIND_INFO[targetNode.type].input === 'none') return false;
      return !edges.some(
        (e) =>
          (e.source === source && e.sourceHandle === sourceHandle) ||
          (e.source === source && e.target === target),
      );
    },
    [nodes, edges],
  );

  const connect = useCallback(
    (connection: Connection) => {
      if (!canConnect(connection)) return;
      const id = freshId('t', takenIds());
      setEdges((es) => [
        ...es,
        flowEdgeOf({
          id,
          source: connection.source,
          sourceHandle: connection.sourceHandle ?? 'out',
          target: connection.target,
        }),
      ]);
    },
    [canConnect, takenIds],
  );

  const addActivity = useCallback(
    (kind: ActivityKind, position: { x: number; y: number }): string => {
      const id = freshId(kind, takenIds());
      const activity = newActivity(kind, id, KIND_LOOK[kind].label, position);
      // Not selected: the side panel opens when the person clicks it, not on every drop.
      setNodes((ns) => [...ns, flowNodeOf(activityToNode(activity))]);
      return id;
    },
    [takenIds],
  );

  const updateActivity = useCallback(
    (id: string, data: ActivityData) => {
      const old = nodes.find((n) => n.id === id);
      if (old) {
        const portsOf = (node: ActivityFlowNode) =>
          outputPorts(nodeToActivity(canvasNodeOf(node))).map((p) => p.key);
        const before = portsOf(old);
        const after = portsOf({ ...old, data });
        setEdges((es) => followRenamedPorts(es, id, before, after));
      }
      setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data } : n)));
    },
    [nodes],
  );

  const copySelection = useCallback(() => {
    const selected = nodes.filter((n) => n.selected);
    if (selected.length === 0) return 0;
    const ids = new Set(selected.map((n) => n.id));
    clipboard.current = {
      nodes: selected,
      edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
    pastes.current = 0;
    return selected.length;
  }, [nodes, edges]);

  const paste = useCallback(() => {
    const copied = clipboard.current;
    if (!copied) return 0;
    pastes.current += 1;
    const shift = PASTE_OFFSET * pastes.current;
    const pasted = duplicateNodes(
      copied.nodes.map(canvasNodeOf),
      copied.edges.map(canvasEdgeOf),
      takenIds(),
      { x: shift, y: shift },
    );
    setNodes((ns) => [
      ...ns.map((n) => ({ ...n, selected: false })),
      ...pasted.nodes.map((n) => ({ ...flowNodeOf(n), selected: true })),
    ]);
    setEdges((es) => [...es, ...pasted.edges.map(flowEdgeOf)]);
    return pasted.nodes.length;
  }, [takenIds]);

  const removeSelected = useCallback(() => {
    const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    setNodes((ns) => ns.filter((n) => !gone.has(n.id)));
    setEdges((es) => es.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)));
  }, [nodes]);

  const clearSelection = useCallback(() => {
    setNodes((ns) => ns.map((n) => (n.selected ? { ...n, selected: false } : n)));
    setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
  }, []);

  /** After a save or a reload: the canvas shows `next` and counts it as saved. */
  const reset = useCallback((next: WorkflowDefinition, keepCanvas: boolean) => {
    setSavedText(canonicalText(next));
    if (keepCanvas) return;
    const flow = flowOf(next);
    setNodes(flow.nodes);
    setEdges(flow.edges);
  }, []);

  return {
    nodes,
    edges,
    definition,
    dirty,
    check,
    onNodesChange,
    onEdgesChange,
    canConnect,
    connect,
    addActivity,
    updateActivity,
    copySelection,
    paste,
    removeSelected,
    clearSelection,
    reset,
  };
}

export type WorkflowEditor = ReturnType<typeof useWorkflowEditor>;
