// Output ports by their labels, as the canvas names them ("Gold", "Complement"), for the rows
// each port of a task carried.
import type { Activity, WorkflowDefinition } from '../../../../src/orchestration/model.ts';
import { outputPorts } from '../../../../src/orchestration/ports.ts';

/** The activity as the editor has it, else as the run ran it (it may have been removed since). */
function activityOf(id: string, ...definitions: WorkflowDefinition[]): Activity | undefined {
  for (const definition of definitions) {
    const found = definition.activities.find((a) => a.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The label of an activity's output port; the key when the port is no longer there. */
export function portLabel(
  activityId: string,
  port: string,
  ...definitions: WorkflowDefinition[]
): string {
  const activity = activityOf(activityId, ...definitions);
  return (activity && outputPorts(activity).find((p) => p.key === port)?.label) ?? port;
}

/**
 * "Gold: 2 · Silver, 50 or more: 1 · Complement: 1" in the ports' order; a lone Result is just
 * its count.
 */
export function describeCounts(
  activityId: string,
  counts: Record<string, number | null>,
  ...definitions: WorkflowDefinition[]
): string {
  const activity = activityOf(activityId, ...definitions);
  const order = activity ? outputPorts(activity).map((p) => p.key) : [];
  const rank = (port: string) => (order.includes(port) ? order.indexOf(port) : order.length);
  const known = Object.entries(counts)
    .flatMap(([port, n]) => (n === null ? [] : [{ port, n }]))
    .sort((a, b) => rank(a.port) - rank(b.port));
  const only = known[0];
  if (known.length === 1 && only?.port === 'out') return only.n.toLocaleString('en-GB');
  return known
    .map(
      ({ port, n }) =>
        `${portLabel(activityId, port, ...definitions)}: ${n.toLocaleString('en-GB')}`,
    )
    .join(' · ');
}
