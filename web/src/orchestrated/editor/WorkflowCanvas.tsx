// The canvas: the palette beside a React Flow graph of the workflow. Activities are dropped from
// the palette, ports joined by dragging, nodes copied (Ctrl+C / Ctrl+V) and deleted (Delete or
// Backspace); a minimap and zoom controls (with zoom to fit) sit in the corners.
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type NodeTypes,
  type EdgeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Box } from '@mantine/core';
import { useCallback, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { ActivityKind } from '../../../../src/orchestration/model.ts';
import { KIND_INFO } from '../../../../src/orchestration/ports.ts';
import { GROUP_LOOK } from '../labels.ts';
import { ActivityNode, NODE_WIDTH } from './ActivityNode.tsx';
import { DecorationsContext, type CanvasDecorations } from './decorations.ts';
import type { ActivityFlowNode, TransitionFlowEdge } from './flow.ts';
import { DRAG_TYPE, Palette } from './Palette.tsx';
import { TransitionEdge } from './TransitionEdge.tsx';
import type { WorkflowEditor } from './useWorkflowEditor.ts';

const NODE_TYPES: NodeTypes = Object.fromEntries(
  Object.keys(KIND_INFO).map((kind) => [kind, ActivityNode]),
);
const EDGE_TYPES: EdgeTypes = { transition: TransitionEdge };
const DEFAULT_EDGE = { type: 'transition', markerEnd: { type: MarkerType.ArrowClosed } };
const isKind = (value: string): value is ActivityKind => value in KIND_INFO;

interface CanvasProps {
  editor: WorkflowEditor;
  decorations: CanvasDecorations;
  onEdgeOpen: (edge: TransitionFlowEdge) => void;
  onNotice: (message: string) => void;
}

function CanvasInner({ editor, decorations, onEdgeOpen, onNotice }: CanvasProps) {
  const flow = useReactFlow<ActivityFlowNode, TransitionFlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const readOnly = decorations.readOnly;
  const added = useRef(0);
  // Fit the view to a saved workflow once; an empty canvas keeps its zoom so the first drops
  // land where they were dropped instead of the view jumping to the first one.
  const [fitOnOpen] = useState(() => editor.nodes.length > 0);

  const addAtCentre = useCallback(
    (kind: ActivityKind) => {
      const box = wrapper.current?.getBoundingClientRect();
      const centre = flow.screenToFlowPosition({
        x: (box?.left ?? 0) + (box?.width ?? 800) / 2,
        y: (box?.top ?? 0) + (box?.height ?? 600) / 2,
      });
      const step = (added.current++ % 5) * 30;
      editor.addActivity(kind, { x: centre.x - NODE_WIDTH / 2 + step, y: centre.y - 40 + step });
    },
    [editor, flow],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const kind = event.dataTransfer.getData(DRAG_TYPE);
      if (readOnly || !isKind(kind)) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      editor.addActivity(kind, { x: at.x - NODE_WIDTH / 2, y: at.y - 30 });
    },
    [editor, flow, readOnly],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (readOnly || !(event.ctrlKey || event.metaKey)) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, [contenteditable="true"]')) return;
    if (event.key === 'c') {
      const n = editor.copySelection();
      if (n > 0) onNotice(n === 1 ? 'Copied 1 activity' : `Copied ${n} activities`);
    } else if (event.key === 'v') {
      const n = editor.paste();
      if (n > 0) onNotice(n === 1 ? 'Pasted 1 activity' : `Pasted ${n} activities`);
    }
  };

  return (
    <Box style={{ display: 'flex', height: '100%' }}>
      {/* A published workflow is read-only: no palette, the canvas takes the room. */}
      {!readOnly && (
        <Box
          w={190}
          style={{ borderRight: '1px solid var(--mantine-color-gray-3)', flexShrink: 0 }}
          bg="gray.0"
        >
          <Palette onAdd={addAtCentre} disabled={readOnly} />
        </Box>
      )}
      <Box
        ref={wrapper}
        style={{ flex: 1, position: 'relative' }}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = readOnly ? 'none' : 'copy';
        }}
        onDrop={onDrop}
        onKeyDown={onKeyDown}
        data-testid="workflow-canvas"
      >
        <DecorationsContext.Provider value={decorations}>
          <ReactFlow<ActivityFlowNode, TransitionFlowEdge>
            nodes={editor.nodes}
            edges={editor.edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            defaultEdgeOptions={DEFAULT_EDGE}
            onNodesChange={editor.onNodesChange}
            onEdgesChange={editor.onEdgesChange}
            onConnect={editor.connect}
            isValidConnection={editor.canConnect}
            onEdgeClick={(_, edge) => onEdgeOpen(edge)}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
            fitView={fitOnOpen}
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.2}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
            aria-label="Workflow canvas"
          >
            <Background gap={20} />
            <Controls showInteractive={false} position="bottom-left" />
            <MiniMap
              pannable
              zoomable
              position="bottom-right"
              ariaLabel="Workflow overview"
              nodeColor={(node) => {
                const kind = node.type ?? '';
                const group = isKind(kind) ? KIND_INFO[kind].group : 'flow';
                return `var(--mantine-color-${GROUP_LOOK[group].color}-4)`;
              }}
            />
          </ReactFlow>
        </DecorationsContext.Provider>
      </Box>
    </Box>
  );
}

export function WorkflowCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}
