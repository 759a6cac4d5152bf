// Small workflow builders for tests: activities of each common kind with valid configurations,
// and transitions between them.
import type {
  Activity,
  ActivityConfig,
  ActivityKind,
  Transition,
  WorkflowDefinition,
} from '../model.ts';

let position = 0;

export function activity<K extends ActivityKind>(
  id: string,
  kind: K,
  config: ActivityConfig<K>,
): Extract<Activity, { kind: K }> {
  position += 1;
  // The union member for K: built field by field, the compiler checks each kind's config.
  const built = { id, kind, label: id, position: { x: position * 10, y: 0 }, config };
  return built as unknown as Extract<Activity, { kind: K }>;
}

export const audience = (id: string, dataset?: string) =>
  activity(id, 'buildAudience', {
    dimension: dataset ? { kind: 'dataset', dataset } : { kind: 'profiles' },
    targeting: {},
  });

export const scheduler = (id: string, config: Partial<ActivityConfig<'scheduler'>> = {}) =>
  activity(id, 'scheduler', { frequency: 'asap', zone: 'UTC', ...config });

export const email = (id: string, configurationId = '00000000-0000-4000-8000-000000000001') =>
  activity(id, 'email', {
    configurationId,
    category: 'marketing',
    confirmSending: false,
    content: { subject: 'Hello {{target.totalSpend}}', format: 'html', body: '<p>Hi</p>' },
  });

export const sms = (id: string, configurationId = '00000000-0000-4000-8000-000000000002') =>
  activity(id, 'sms', {
    configurationId,
    category: 'marketing',
    confirmSending: false,
    content: { body: 'Hi' },
  });

export const split = (id: string, keys: string[], complement = false) =>
  activity(id, 'split', {
    subsets: keys.map((key) => ({ key, label: key })),
    overlap: false,
    complement,
  });

export const end = (id: string) => activity(id, 'end', {});

let transitionNo = 0;
/** `a>b` or `a.port>b`; ids t1, t2 … unless given as `id:a.port>b`. */
export function link(spec: string): Transition {
  const [named, rest] = spec.includes(':') ? spec.split(':') : [undefined, spec];
  const [from = '', to = ''] = (rest ?? '').split('>');
  const [activityId = '', port = 'out'] = from.split('.');
  transitionNo += 1;
  return { id: named ?? `t${transitionNo}`, from: { activity: activityId, port }, to };
}

export function workflow(activities: Activity[], links: string[] = []): WorkflowDefinition {
  transitionNo = 0;
  return { version: 1, activities, transitions: links.map(link) };
}
