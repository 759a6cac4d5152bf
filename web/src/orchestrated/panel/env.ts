// What the side panel's forms pick from: the rule builder's lists (attributes, datasets,
// subscription lists, audiences), the channel configurations, the activities feeding the
// selected one, and the columns of the population reaching it.
import { incomingColumns, type PopulationColumns } from '../../../../src/orchestration/columns.ts';
import type { WorkflowDefinition } from '../../../../src/orchestration/model.ts';
import type { Configuration } from '../../api/channels.ts';
import type { FieldErrors } from '../../api/forms.ts';
import type { BuilderData } from '../../audiences/useBuilderData.ts';

export interface PanelEnv {
  builder: BuilderData;
  configurations: readonly Configuration[];
  /** Ids and labels of the activities with a transition into the selected one. */
  sources: readonly { id: string; label: string }[];
  campaignId: string;
  /** Unsaved changes: server-side previews (launches) show the saved definition. */
  dirty: boolean;
  /** The workflow as drawn and the selected activity: what reaches it (columns.ts). */
  definition: WorkflowDefinition;
  activityId: string;
}

/** The columns of the population reaching the selected activity; null when none does. */
export function arrivingColumns({
  definition,
  activityId,
  builder,
}: Pick<PanelEnv, 'definition' | 'activityId' | 'builder'>): PopulationColumns | null {
  const { datasets, attributes, audiences } = builder;
  return incomingColumns(definition, activityId, { datasets, attributes, audiences });
}

export interface FormProps<C> {
  config: C;
  onChange: (config: C) => void;
  /** Problems keyed by path below the configuration (`/content/subject`). */
  errors: FieldErrors;
  env: PanelEnv;
}

/** The message at a configuration path, or at a path below it. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  return errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}/`))?.[1];
}

/** A copy of `value` without `key`: optional fields are left out rather than set undefined. */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
