// Rules over paths of the workflow: no cycle, and populations reaching the activities that
// use them. Pure.
import { KIND_INFO } from './ports.ts';
import { sourcesOf, type Graph, type WorkflowProblem } from './validate-graph.ts';

const q = (id: string) => `"${id}"`;

/** Reports each activity on a cycle (strongly connected components); true when there is one. */
export function checkCycles(graph: Graph, problems: WorkflowProblem[]): boolean {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let found = false;
  const successors = (id: string) =>
    (graph.outgoing.get(id) ?? []).flatMap((i) => graph.definition.transitions[i]?.to ?? []);
  const visit = (id: string) => {
    order.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const next of successors(id)) {
      if (!order.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id) ?? 0, order.get(next) ?? 0));
    }
    if (low.get(id) !== order.get(id)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== id);
    if (component.length > 1 || successors(id).includes(id)) {
      found = true;
      const members = component
        .map((m) => graph.byId.get(m))
        .filter((m) => m !== undefined)
        .sort((a, b) => a.index - b.index);
      const names = members.map((m) => q(m.activity.id));
      for (const m of members)
        problems.push({
          activityId: m.activity.id,
          path: `/activities/${m.index}`,
          message: `${q(m.activity.id)} is on a cycle (${[...names, names[0]].join(' → ')}); a workflow may not loop back.`,
          severity: 'error',
        });
    }
  };
  for (const id of graph.byId.keys()) if (!order.has(id)) visit(id);
  return found;
}

/** Activities that use a population need one coming in: from a targeting activity upstream. */
export function checkPopulations(graph: Graph, problems: WorkflowProblem[]): void {
  const carries = new Map<string, boolean>();
  const carriesPopulation = (id: string): boolean => {
    const known = carries.get(id);
    if (known !== undefined) return known;
    const entry = graph.byId.get(id);
    if (!entry) return false;
    const info = KIND_INFO[entry.activity.kind];
    let result = false;
    if (info.producesPopulation) {
      if (info.group === 'targeting') result = true;
      else {
        const sources = sourcesOf(graph, id);
        const primary =
          entry.activity.kind === 'andJoin' ? entry.activity.config.primary : undefined;
        // A primary that is not an input is reported on its own; then any input counts.
        const passed = primary !== undefined && sources.includes(primary) ? [primary] : sources;
        result = passed.some(carriesPopulation);
      }
    }
    carries.set(id, result);
    return result;
  };
  for (const [id, { activity, index }] of graph.byId) {
    if (!KIND_INFO[activity.kind].needsPopulation) continue;
    const sources = sourcesOf(graph, id);
    if (sources.length === 0) continue; // already reported as a missing input
    const without = sources.filter((s) => !carriesPopulation(s));
    if (without.length === 0) continue;
    problems.push({
      activityId: id,
      path: `/activities/${index}`,
      message:
        KIND_INFO[activity.kind].group === 'channels'
          ? `${q(id)} (${activity.kind}) sends to a population, but no targeting activity comes before it (via ${without.map(q).join(', ')}).`
          : `${q(id)} (${activity.kind}) works on a population, but no targeting activity comes before it (via ${without.map(q).join(', ')}).`,
      severity: 'error',
    });
  }
}
