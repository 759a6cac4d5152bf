// What is wrong with the workflow while it is drawn: each activity's configuration against its
// kind's schema (the same TypeBox schema the API validates with), choices still to make, and the
// graph rules of validate.ts. Problems are grouped per activity for the nodes and keyed by path
// for the side panel's fields.
import type { TSchema } from '@sinclair/typebox';
import {
  Activity as ActivitySchema,
  type Activity,
  type ActivityKind,
  type WorkflowDefinition,
} from '../../../src/orchestration/model.ts';
import { validateWorkflow, type WorkflowProblem } from '../../../src/orchestration/validate.ts';
import { schemaErrors, type FieldErrors } from '../api/forms.ts';
import { NOT_CHOSEN } from './defaults.ts';

function configSchemas(): Record<string, TSchema> {
  const out: Record<string, TSchema> = {};
  for (const member of ActivitySchema.anyOf) {
    const kind: unknown = member.properties.kind.const;
    if (typeof kind === 'string') out[kind] = member.properties.config;
  }
  return out;
}
const CONFIG_SCHEMAS = configSchemas();

export function configSchemaOf(kind: ActivityKind): TSchema {
  const schema = CONFIG_SCHEMAS[kind];
  if (!schema) throw new Error(`No configuration schema for ${kind}`);
  return schema;
}

/** Choices the schema accepts as placeholders but a run cannot use. */
function unchosen(activity: Activity): FieldErrors {
  switch (activity.kind) {
    case 'readAudience':
      return activity.config.audienceId === NOT_CHOSEN
        ? { '/config/audienceId': 'Choose an audience' }
        : {};
    case 'email':
    case 'sms':
    case 'push':
      return activity.config.configurationId === NOT_CHOSEN
        ? { '/config/configurationId': 'Choose a channel configuration' }
        : {};
    default:
      return {};
  }
}

/** Problems of one activity's own fields, keyed `/label`, `/config/…`. */
export function activityFieldErrors(activity: Activity): FieldErrors {
  const errors: FieldErrors = { ...unchosen(activity) };
  if (activity.label.trim() === '') errors['/label'] ??= 'Required';
  for (const [path, message] of Object.entries(
    schemaErrors(configSchemaOf(activity.kind), activity.config),
  ))
    errors[`/config${path === '/' ? '' : path}`] ??= message;
  return errors;
}

export interface WorkflowCheck {
  /** Messages per activity id (its fields, then the graph rules about it). */
  byActivity: Map<string, { errors: string[]; warnings: string[] }>;
  /** Field messages per activity id, for the side panel. */
  fields: Map<string, FieldErrors>;
  /** Messages per transition id. */
  byTransition: Map<string, string[]>;
  /** Messages about the workflow as a whole. */
  general: WorkflowProblem[];
  errorCount: number;
  warningCount: number;
}

export function checkWorkflow(definition: WorkflowDefinition): WorkflowCheck {
  const check: WorkflowCheck = {
    byActivity: new Map(),
    fields: new Map(),
    byTransition: new Map(),
    general: [],
    errorCount: 0,
    warningCount: 0,
  };
  const entry = (id: string) => {
    let found = check.byActivity.get(id);
    if (!found) check.byActivity.set(id, (found = { errors: [], warnings: [] }));
    return found;
  };
  const indexOf = new Map(definition.activities.map((a, i) => [a.id, i]));
  for (const activity of definition.activities) {
    const fields = activityFieldErrors(activity);
    check.fields.set(activity.id, fields);
    const choices = unchosen(activity);
    for (const [path, message] of Object.entries(fields)) {
      // A choice still to make says so itself; schema messages need the field they are about.
      entry(activity.id).errors.push(path in choices ? message : `${fieldName(path)}: ${message}`);
      check.errorCount += 1;
    }
  }
  for (const problem of validateWorkflow(definition, 'edit')) {
    if (problem.severity === 'error') check.errorCount += 1;
    else check.warningCount += 1;
    if (problem.activityId !== undefined) {
      const messages = entry(problem.activityId);
      (problem.severity === 'error' ? messages.errors : messages.warnings).push(problem.message);
      const index = indexOf.get(problem.activityId);
      const prefix = `/activities/${index}`;
      if (index !== undefined && problem.path.startsWith(`${prefix}/`)) {
        const fields = check.fields.get(problem.activityId) ?? {};
        fields[problem.path.slice(prefix.length)] ??= problem.message;
      }
    } else if (problem.transitionId !== undefined) {
      const list = check.byTransition.get(problem.transitionId) ?? [];
      list.push(problem.message);
      check.byTransition.set(problem.transitionId, list);
    } else check.general.push(problem);
  }
  return check;
}

/** `/config/content/subject` → `content › subject`. */
export function fieldName(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== 'config');
  return parts.length === 0 ? 'Configuration' : parts.join(' › ');
}
