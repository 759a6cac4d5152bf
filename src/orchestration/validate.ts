// The graph rules of a workflow (SPEC O1): one pure function that returns every problem with the
// activity or transition it concerns, used by the canvas while drawing and by the API on
// validate, test run and publish. Imports nothing server-only. Checks that need the database
// (datasets, audiences, configurations exist) live in `semantic.ts`.
import { MAX_ACTIVITIES, type Activity, type WorkflowDefinition } from './model.ts';
import { KIND_INFO, outputPorts } from './ports.ts';
import { checkSchedule } from './validate-schedule.ts';
import { loadFileProblems } from './validate-load-file.ts';
import { inferDimensions } from './validate-dimensions.ts';
import { checkCycles, checkPopulations } from './validate-flow.ts';
import { sourcesOf, type Graph, type WorkflowProblem } from './validate-graph.ts';

export type { ProblemSeverity, WorkflowProblem } from './validate-graph.ts';

/** `edit`: while drawing (an unloaded file is a warning); `run`: a test run or publishing. */
export type ValidationStage = 'edit' | 'run';

const q = (id: string) => `"${id}"`;

export function validateWorkflow(
  definition: WorkflowDefinition,
  stage: ValidationStage = 'run',
): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const { activities } = definition;
  if (activities.length === 0)
    return [
      { path: '/activities', message: 'The workflow has no activity yet.', severity: 'error' },
    ];
  if (activities.length > MAX_ACTIVITIES)
    problems.push({
      path: '/activities',
      message: `A workflow holds at most ${MAX_ACTIVITIES} activities; this one has ${activities.length}.`,
      severity: 'error',
    });

  const graph: Graph = { definition, byId: new Map(), incoming: new Map(), outgoing: new Map() };
  activities.forEach((activity, index) => {
    if (graph.byId.has(activity.id))
      problems.push({
        activityId: activity.id,
        path: `/activities/${index}/id`,
        message: `Two activities are named ${q(activity.id)}; activity ids must be unique.`,
        severity: 'error',
      });
    else graph.byId.set(activity.id, { activity, index });
    graph.incoming.set(activity.id, []);
    graph.outgoing.set(activity.id, []);
  });

  checkTransitions(graph, problems);
  activities.forEach((activity, index) => {
    if (graph.byId.get(activity.id)?.index !== index) return;
    checkInputs(graph, activity, index, problems);
    checkPorts(graph, activity, index, problems);
    checkConfig(graph, activity, index, stage, problems);
  });
  checkStarts(graph, problems);
  const cyclic = checkCycles(graph, problems);
  if (!cyclic) {
    checkPopulations(graph, problems);
    inferDimensions(graph, problems);
  }
  return problems;
}

export const hasErrors = (problems: WorkflowProblem[]) =>
  problems.some((p) => p.severity === 'error');

function checkTransitions(graph: Graph, problems: WorkflowProblem[]): void {
  const ids = new Set<string>();
  const usedPorts = new Map<string, string>();
  graph.definition.transitions.forEach((t, index) => {
    const at = `/transitions/${index}`;
    const problem = (path: string, message: string) =>
      problems.push({ transitionId: t.id, path: at + path, message, severity: 'error' });
    if (ids.has(t.id))
      problem('/id', `Two transitions are named ${q(t.id)}; transition ids must be unique.`);
    ids.add(t.id);
    const from = graph.byId.get(t.from.activity);
    const to = graph.byId.get(t.to);
    if (!from)
      problem(
        '/from/activity',
        `Transition ${q(t.id)} starts at ${q(t.from.activity)}, which is not an activity of this workflow.`,
      );
    if (!to)
      problem(
        '/to',
        `Transition ${q(t.id)} leads to ${q(t.to)}, which is not an activity of this workflow.`,
      );
    if (!from || !to) return;
    const ports = outputPorts(from.activity);
    if (!ports.some((p) => p.key === t.from.port)) {
      problem(
        '/from/port',
        ports.length === 0
          ? `${q(t.from.activity)} (${from.activity.kind}) has no output; transition ${q(t.id)} cannot start there.`
          : `${q(t.from.activity)} has no output ${q(t.from.port)}; its outputs are ${ports.map((p) => q(p.key)).join(', ')}.`,
      );
      return;
    }
    const portKey = `${t.from.activity}\u0000${t.from.port}`;
    const taken = usedPorts.get(portKey);
    if (taken !== undefined) {
      problem(
        '/from/port',
        `Output ${q(t.from.port)} of ${q(t.from.activity)} already leads to ${q(taken)}; an output has at most one transition (use a Fork to branch).`,
      );
      return;
    }
    usedPorts.set(portKey, t.to);
    graph.outgoing.get(t.from.activity)?.push(index);
    graph.incoming.get(t.to)?.push(index);
  });
}

function checkInputs(
  graph: Graph,
  activity: Activity,
  index: number,
  problems: WorkflowProblem[],
): void {
  const count = graph.incoming.get(activity.id)?.length ?? 0;
  const rule = KIND_INFO[activity.kind].input;
  const error = (message: string) =>
    problems.push({
      activityId: activity.id,
      path: `/activities/${index}`,
      message,
      severity: 'error',
    });
  switch (rule) {
    case 'none':
      if (count > 0)
        error(
          `${q(activity.id)} (${activity.kind}) starts the workflow; no transition may lead into it.`,
        );
      return;
    case 'optional':
      if (count > 1)
        error(
          `${q(activity.id)} (${activity.kind}) takes at most one incoming transition; it has ${count} (join them with an AND-join first).`,
        );
      return;
    case 'one':
      if (count === 0) error(`${q(activity.id)} (${activity.kind}) needs an incoming transition.`);
      else if (count > 1)
        error(
          `${q(activity.id)} (${activity.kind}) takes exactly one incoming transition; it has ${count}.`,
        );
      return;
    case 'many':
      if (count === 0)
        error(`${q(activity.id)} (${activity.kind}) needs at least one incoming transition.`);
      else if (count === 1 && activity.kind === 'combine')
        problems.push({
          activityId: activity.id,
          path: `/activities/${index}`,
          message: `${q(activity.id)} combines a single population; connect a second one.`,
          severity: 'warning',
        });
      return;
  }
}

function checkPorts(
  graph: Graph,
  activity: Activity,
  index: number,
  problems: WorkflowProblem[],
): void {
  const ports = outputPorts(activity);
  const seen = new Set<string>();
  const connected = new Set(
    (graph.outgoing.get(activity.id) ?? []).map((i) => graph.definition.transitions[i]?.from.port),
  );
  for (const port of ports) {
    if (seen.has(port.key))
      problems.push({
        activityId: activity.id,
        path: `/activities/${index}/config`,
        message: `${q(activity.id)} has two outputs named ${q(port.key)}; output keys must be unique.`,
        severity: 'error',
      });
    seen.add(port.key);
    if (!port.optional && !connected.has(port.key))
      problems.push({
        activityId: activity.id,
        path: `/activities/${index}`,
        message: `Output ${q(port.label)} of ${q(activity.id)} leads nowhere: its rows go no further.`,
        severity: 'warning',
      });
  }
}

function checkConfig(
  graph: Graph,
  activity: Activity,
  index: number,
  stage: ValidationStage,
  problems: WorkflowProblem[],
): void {
  const path = `/activities/${index}/config`;
  const sources = () => sourcesOf(graph, activity.id);
  const checkPrimary = (primary: string | undefined, required: boolean) => {
    if (primary === undefined) {
      if (required)
        problems.push({
          activityId: activity.id,
          path: `${path}/primary`,
          message: `${q(activity.id)} excludes from a primary population: choose which input it is.`,
          severity: 'error',
        });
      return;
    }
    if (!sources().includes(primary))
      problems.push({
        activityId: activity.id,
        path: `${path}/primary`,
        message: `The primary input ${q(primary)} of ${q(activity.id)} is not one of its inputs (${sources().map(q).join(', ') || 'none'}).`,
        severity: 'error',
      });
  };
  switch (activity.kind) {
    case 'combine':
      checkPrimary(activity.config.primary, activity.config.operation === 'exclusion');
      return;
    case 'andJoin':
      checkPrimary(activity.config.primary, false);
      return;
    case 'loadFile':
      problems.push(...loadFileProblems(activity.id, activity.config, path));
      if (activity.config.fileId === null)
        problems.push({
          activityId: activity.id,
          path: `${path}/fileId`,
          message: `${q(activity.id)} has no file yet: upload one.`,
          severity: stage === 'run' ? 'error' : 'warning',
        });
      return;
    case 'scheduler':
      for (const found of checkSchedule(activity.config))
        problems.push({
          activityId: activity.id,
          ...found,
          path: path + found.path,
          severity: 'error',
        });
      return;
    default:
      return;
  }
}

function checkStarts(graph: Graph, problems: WorkflowProblem[]): void {
  const { activities } = graph.definition;
  const starts = activities.filter(
    (a) =>
      KIND_INFO[a.kind].input !== 'one' &&
      KIND_INFO[a.kind].input !== 'many' &&
      (graph.incoming.get(a.id)?.length ?? 0) === 0,
  );
  if (starts.length === 0)
    problems.push({
      path: '/activities',
      message:
        'The workflow has no start: add a Scheduler or a targeting activity with nothing before it.',
      severity: 'error',
    });
  activities.forEach((activity, index) => {
    if (activity.kind !== 'scheduler') return;
    const first = activities.findIndex((a) => a.kind === 'scheduler');
    if (first !== index)
      problems.push({
        activityId: activity.id,
        path: `/activities/${index}`,
        message: `A workflow has at most one Scheduler; ${q(activities[first]?.id ?? '')} is already one.`,
        severity: 'error',
      });
  });
}
