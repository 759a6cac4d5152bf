// The workflow as a graph for the validation rules: activities by id, valid transitions in and
// out of each. Pure.
import type { Activity, WorkflowDefinition } from './model.ts';

export type ProblemSeverity = 'error' | 'warning';

export interface WorkflowProblem {
  activityId?: string;
  transitionId?: string;
  /** Where in the definition, JSON-pointer-like: `/activities/2/config/primary`. */
  path: string;
  message: string;
  severity: ProblemSeverity;
}

export interface Graph {
  definition: WorkflowDefinition;
  /** Activities by id (the first one of a duplicated id). */
  byId: Map<string, { activity: Activity; index: number }>;
  /** Valid incoming transitions per activity id, with their index in `transitions`. */
  incoming: Map<string, number[]>;
  outgoing: Map<string, number[]>;
}

export function sourcesOf(graph: Graph, id: string): string[] {
  return (graph.incoming.get(id) ?? []).flatMap(
    (i) => graph.definition.transitions[i]?.from.activity ?? [],
  );
}
