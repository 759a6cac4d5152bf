// The canvas ↔ definition conversion (SPEC O1): the console's graph editor works on nodes and
// edges (the shapes @xyflow/react draws), the API stores a WorkflowDefinition. Both directions
// are pure and lossless, so what is saved is exactly what was drawn. The types are our own
// minimal ones: this file imports nothing from React and is used by server and console alike.
import {
  DEFINITION_VERSION,
  type Activity,
  type ActivityConfig,
  type ActivityKind,
  type Transition,
  type WorkflowDefinition,
} from './model.ts';

export interface CanvasPosition {
  x: number;
  y: number;
}

type NodeOf<K extends ActivityKind> = {
  id: string;
  type: K;
  position: CanvasPosition;
  data: { label: string; config: ActivityConfig<K> };
};
/** One activity on the canvas: its kind is the node type, label and configuration its data. */
export type CanvasNode = { [K in ActivityKind]: NodeOf<K> }[ActivityKind];

/** One transition: the source handle is the output port it leaves from. */
export interface CanvasEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  label?: string;
}

export interface CanvasGraph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export function activityToNode(activity: Activity): CanvasNode {
  const { id, kind, label, position, config } = activity;
  // Kind and config come from one Activity, so they stay matched; TypeScript cannot follow
  // that correlation through the destructuring, hence the one assertion.
  return { id, type: kind, position: { ...position }, data: { label, config } } as CanvasNode;
}

export function nodeToActivity(node: CanvasNode): Activity {
  const { id, type, position, data } = node;
  return {
    id,
    kind: type,
    label: data.label,
    position: { x: position.x, y: position.y },
    config: data.config,
  } as Activity;
}

export function transitionToEdge(transition: Transition): CanvasEdge {
  const edge: CanvasEdge = {
    id: transition.id,
    source: transition.from.activity,
    sourceHandle: transition.from.port,
    target: transition.to,
  };
  if (transition.label !== undefined) edge.label = transition.label;
  return edge;
}

export function edgeToTransition(edge: CanvasEdge): Transition {
  const transition: Transition = {
    id: edge.id,
    from: { activity: edge.source, port: edge.sourceHandle },
    to: edge.target,
  };
  if (edge.label !== undefined) transition.label = edge.label;
  return transition;
}

export function toCanvas(definition: WorkflowDefinition): CanvasGraph {
  return {
    nodes: definition.activities.map(activityToNode),
    edges: definition.transitions.map(transitionToEdge),
  };
}

export function toDefinition(graph: CanvasGraph): WorkflowDefinition {
  return {
    version: DEFINITION_VERSION,
    activities: graph.nodes.map(nodeToActivity),
    transitions: graph.edges.map(edgeToTransition),
  };
}

// ---- ids and copy/paste ----

const ID_STEM = /^([A-Za-z][A-Za-z0-9_-]*?)(\d*)$/;

/** `stem1`, `stem2`, … — the first one not taken; ids stay within the 40-character pattern. */
export function freshId(stem: string, taken: ReadonlySet<string>): string {
  const base = (ID_STEM.exec(stem)?.[1] ?? 'a').slice(0, 32);
  for (let n = 1; ; n += 1) {
    const candidate = `${base}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export interface Pasted {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/**
 * Copies of the given nodes with new ids, shifted by `offset`, and of the edges that join two
 * of them (edges to nodes left behind are not copied: a paste never wires into the original).
 */
export function duplicateNodes(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  taken: ReadonlySet<string>,
  offset: CanvasPosition,
): Pasted {
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  const copies = nodes.map((node) => {
    const id = freshId(node.type, used);
    used.add(id);
    renamed.set(node.id, id);
    return {
      ...node,
      id,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
      data: structuredClone(node.data),
    } as CanvasNode;
  });
  const copiedEdges: CanvasEdge[] = [];
  for (const edge of edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = freshId('t', used);
    used.add(id);
    copiedEdges.push({ ...edge, id, source, target });
  }
  return { nodes: copies, edges: copiedEdges };
}

/**
 * Output ports renamed in place — the same number in the same order, as when a Fork branch is
 * retyped — keep their transitions: each edge leaving `activityId` by a port that changed name
 * follows it. When ports are added or removed, only unchanged names keep their edges.
 */
export function followRenamedPorts<E extends { source: string; sourceHandle?: string | null }>(
  edges: E[],
  activityId: string,
  before: readonly string[],
  after: readonly string[],
): E[] {
  if (before.length !== after.length) return edges;
  const renamed = new Map<string, string>();
  before.forEach((port, index) => {
    const now = after[index];
    if (now !== undefined && now !== port) renamed.set(port, now);
  });
  if (renamed.size === 0) return edges;
  return edges.map((edge) => {
    const to =
      edge.source === activityId && edge.sourceHandle ? renamed.get(edge.sourceHandle) : undefined;
    return to === undefined ? edge : { ...edge, sourceHandle: to };
  });
}

/**
 * A definition as text with every object's keys sorted: two definitions are the same workflow
 * when their texts are equal, whatever order the keys came in (PostgreSQL's jsonb orders them by
 * length, the canvas by the model's field order).
 */
export function canonicalText(definition: WorkflowDefinition): string {
  return JSON.stringify(definition, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}
