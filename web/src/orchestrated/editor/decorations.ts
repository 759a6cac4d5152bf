// What the canvas draws over the workflow itself: problems found while drawing, and after or
// during a run each activity's task and each transition's count. Given through a context so the
// nodes and edges React Flow renders stay plain definition data.
import { createContext, useContext } from 'react';
import type { Task } from '../api.ts';
import type { WorkflowCheck } from '../problems.ts';

export interface CanvasDecorations {
  check: WorkflowCheck | null;
  /** The shown run's task per activity id; empty before any run. */
  tasks: ReadonlyMap<string, Task>;
  /** Rows per transition id in the shown run. */
  counts: ReadonlyMap<string, number | null>;
  readOnly: boolean;
  /** Opens the preview of a transition's population (its count badge was pressed). */
  openTransition?: (id: string) => void;
}

const EMPTY: CanvasDecorations = {
  check: null,
  tasks: new Map(),
  counts: new Map(),
  readOnly: false,
};

export const DecorationsContext = createContext<CanvasDecorations>(EMPTY);

export function useDecorations(): CanvasDecorations {
  return useContext(DecorationsContext);
}
