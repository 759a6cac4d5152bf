// What the side panel's forms pick from: the rule builder's lists (attributes, datasets,
// subscription lists, audiences), the channel configurations, and the activities feeding the
// selected one.
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
