// What is wrong with a rule before it is sent, as messages keyed by the same JSON pointers the
// server uses (`/rule/root/children/1/operator`), so local and server errors land in one place.
import {
  AttributeCondition,
  AudienceCondition,
  ConsentCondition,
  DatasetCondition,
  EventCondition,
  SubscriptionCondition,
  type FieldFilter,
  type RuleNode,
  type RuleTree,
} from '../../../src/audiences/model.ts';
import { ruleViolations, type RuleContext } from '../../../src/audiences/validate.ts';
import type { StoredDataset } from '../../../src/profiles/datasets/store.ts';
import type { Dataset } from '../api/datasets.ts';
import { schemaErrors, type FieldErrors } from '../api/forms.ts';

export const ROOT_PATH = '/rule/root';
export const childPath = (parent: string, index: number) => `${parent}/children/${index}`;

const SCHEMAS = {
  attribute: AttributeCondition,
  event: EventCondition,
  consent: ConsentCondition,
  subscription: SubscriptionCondition,
  dataset: DatasetCondition,
  audience: AudienceCondition,
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The loaded lists as validate.ts wants them (it reads a dataset's link and columns only). */
export function ruleContext(lists: {
  datasets: readonly Dataset[];
  audiences: readonly string[];
  subscriptionLists: readonly string[];
}): RuleContext {
  const datasets = new Map<string, StoredDataset>(
    lists.datasets.map((d) => [
      d.name,
      {
        ...d,
        tableName: d.name,
        createdAt: new Date(d.createdAt),
        updatedAt: new Date(d.updatedAt),
      },
    ]),
  );
  return {
    datasets,
    audiences: new Set(lists.audiences),
    lists: new Set(lists.subscriptionLists),
  };
}

/** Empty choices and numbers that do not parse, said the way a person would. */
function missing(node: RuleNode, path: string): FieldErrors {
  const out: FieldErrors = {};
  const need = (ok: boolean, at: string, message: string) => {
    if (!ok) out[`${path}${at}`] ??= message;
  };
  const number = (value: number, at: string) => need(!Number.isNaN(value), at, 'Enter a number');
  const filters = (where: FieldFilter[] | undefined, what: string) =>
    (where ?? []).forEach((f, i) => need(f.field !== '', `/where/${i}/field`, `Choose ${what}`));
  switch (node.kind) {
    case 'group':
      need(node.children.length > 0, '/children', 'Add at least one condition to this group');
      break;
    case 'attribute':
      need(node.path !== '', '/path', 'Choose or type an attribute path');
      if (node.days !== undefined) number(node.days, '/days');
      break;
    case 'event':
      need(node.type !== '', '/type', 'Type the event type, e.g. purchase');
      if (node.count) number(node.count.value, '/count/value');
      if (node.window && 'lastDays' in node.window)
        number(node.window.lastDays, '/window/lastDays');
      filters(node.where, 'a property');
      if (node.aggregate) {
        need(node.aggregate.field !== '', '/aggregate/field', 'Type a numeric property');
        number(node.aggregate.value, '/aggregate/value');
      }
      break;
    case 'consent':
      break;
    case 'subscription':
      need(node.listId !== '', '/listId', 'Choose a subscription list');
      break;
    case 'dataset':
      need(node.dataset !== '', '/dataset', 'Choose a dataset');
      if (node.count) number(node.count.value, '/count/value');
      filters(node.where, 'a column');
      if (node.aggregate) {
        need(node.aggregate.field !== '', '/aggregate/field', 'Choose a numeric column');
        number(node.aggregate.value, '/aggregate/value');
      }
      break;
    case 'audience':
      need(node.audienceId !== '', '/audienceId', 'Choose an audience');
      break;
  }
  return out;
}

function shapeProblems(node: RuleNode, path: string, out: FieldErrors): void {
  const first = missing(node, path);
  Object.assign(out, first);
  if (node.kind === 'group') {
    node.children.forEach((child, i) => shapeProblems(child, childPath(path, i), out));
    return;
  }
  // The schema's own messages only where nothing plainer was said about the node.
  if (Object.keys(first).length > 0) return;
  for (const [at, message] of Object.entries(schemaErrors(SCHEMAS[node.kind], node)))
    out[`${path}${at === '/' ? '' : at}`] ??= message;
}

/** Every problem of the rule, first message per field; empty when the rule can be sent. */
export function ruleProblems(rule: RuleTree, context: RuleContext): FieldErrors {
  const out: FieldErrors = {};
  shapeProblems(rule.root, ROOT_PATH, out);
  for (const problem of ruleViolations(rule.root, context))
    out[problem.path] ??= sentence(problem.message);
  return out;
}

/** The first message at a field or below it (`/values` also shows `/values/2`). */
export function messageAt(errors: FieldErrors, path: string): string | undefined {
  return errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}/`))?.[1];
}

/**
 * Messages about a node that none of its fields shows: the node itself, or parts the editor
 * has no input for. Child nodes of a group show their own.
 */
export function unplacedMessages(
  errors: FieldErrors,
  nodePath: string,
  shownFields: readonly string[],
): string[] {
  return Object.entries(errors)
    .filter(([key]) => {
      if (key === nodePath) return true;
      if (!key.startsWith(`${nodePath}/`)) return false;
      const rest = key.slice(nodePath.length);
      if (rest.startsWith('/children/')) return false;
      return !shownFields.some((field) => rest === field || rest.startsWith(`${field}/`));
    })
    .map(([, message]) => message);
}
