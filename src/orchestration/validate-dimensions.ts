// What each transition's rows are (profiles, a dataset's rows, a file's lines), where the
// definition says so, and the combinations that cannot work: combining different dimensions,
// sending to file lines, reconciling profiles. Dataset links are checked in `semantic.ts`.
import { assertNever } from '../platform/assert.ts';
import type { Dimension } from './model.ts';
import { sourcesOf, type Graph, type WorkflowProblem } from './validate-graph.ts';

const q = (id: string) => `"${id}"`;

export function describeDimension(dimension: Dimension): string {
  switch (dimension.kind) {
    case 'profiles':
      return 'profiles';
    case 'dataset':
      return `rows of dataset ${dimension.dataset}`;
    case 'file':
      return 'file lines';
    default:
      return assertNever(dimension);
  }
}

export const sameDimension = (a: Dimension, b: Dimension) =>
  a.kind === b.kind && (a.kind !== 'dataset' || (b.kind === 'dataset' && a.dataset === b.dataset));

/**
 * The dimension of each activity's main output, where it is known without the database
 * (`undefined`: unknown, or no population). Assumes the graph has no cycle.
 */
export function inferDimensions(graph: Graph, problems: WorkflowProblem[]) {
  const known = new Map<string, Dimension | undefined>();
  const report = (id: string, message: string) =>
    problems.push({
      activityId: id,
      path: `/activities/${graph.byId.get(id)?.index ?? 0}`,
      message,
      severity: 'error',
    });
  const inputOf = (id: string) => {
    const dims = sourcesOf(graph, id).map(dimensionOf);
    return dims.find((d) => d !== undefined);
  };
  function dimensionOf(id: string): Dimension | undefined {
    if (known.has(id)) return known.get(id);
    known.set(id, undefined);
    const activity = graph.byId.get(id)?.activity;
    if (!activity) return undefined;
    let result: Dimension | undefined;
    switch (activity.kind) {
      case 'buildAudience':
      case 'incrementalQuery':
        result = activity.config.dimension;
        break;
      case 'readAudience':
        result = { kind: 'profiles' };
        break;
      case 'loadFile':
        result = { kind: 'file' };
        break;
      case 'changeDimension': {
        const from = inputOf(id);
        if (from?.kind === 'file')
          report(
            id,
            `${q(id)} cannot follow links from file lines; reconcile them with profiles first.`,
          );
        else if (from && sameDimension(from, activity.config.to))
          report(id, `${q(id)} changes to ${describeDimension(from)}, which its input already is.`);
        result = activity.config.to;
        break;
      }
      case 'reconciliation': {
        const from = inputOf(id);
        if (from?.kind === 'profiles')
          report(id, `${q(id)} reconciles rows with profiles, but its input already is profiles.`);
        result = { kind: 'profiles' };
        break;
      }
      case 'combine': {
        const dims = sourcesOf(graph, id).flatMap((s) => dimensionOf(s) ?? []);
        const first = dims[0];
        const other = dims.find((d) => first && !sameDimension(first, d));
        if (first && other)
          report(
            id,
            `${q(id)} combines ${describeDimension(first)} with ${describeDimension(other)}; its inputs must be of one dimension (use Change dimension).`,
          );
        result = first;
        break;
      }
      case 'andJoin': {
        const primary = activity.config.primary;
        result = primary ? dimensionOf(primary) : inputOf(id);
        break;
      }
      case 'email':
      case 'sms':
      case 'push':
      case 'saveAudience': {
        const from = inputOf(id);
        if (from?.kind === 'file')
          report(
            id,
            `${q(id)} (${activity.kind}) needs profiles, but its input is file lines; reconcile them with profiles first.`,
          );
        result = from;
        break;
      }
      case 'deduplication':
      case 'enrichment':
      case 'split':
      case 'fork':
      case 'wait':
      case 'test':
      case 'alert':
      case 'directMail':
        result = inputOf(id);
        break;
      case 'scheduler':
      case 'end':
        result = undefined;
        break;
      default:
        return assertNever(activity);
    }
    known.set(id, result);
    return result;
  }
  for (const id of graph.byId.keys()) dimensionOf(id);
  return known;
}
