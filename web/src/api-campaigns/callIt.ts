// The "Call it" command of an API-triggered campaign: the context fields its content uses, turned
// into a sample payload, and a curl command that calls the execution API with it.
import type { Campaign } from '../api/campaigns.ts';

type Sample = { [key: string]: Sample | string | Sample[] };

/** Every string of a message (subject, body, title, …), nested values included. */
export function messageTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(messageTexts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(messageTexts);
  return [];
}

const SEGMENT = /^[A-Za-z_$][\w$-]*$/;

/**
 * The context paths a text uses: `{{context.order.id}}` → "order.id", and the arrays of its
 * `{{#each context.items}}` blocks, whose `{{this.name}}` / `{{name}}` become the items' fields.
 */
export function contextPaths(text: string): { paths: string[]; arrays: Map<string, string[]> } {
  const paths = new Set<string>();
  const arrays = new Map<string, string[]>();
  const stack: (string | null)[] = [];
  const isPath = (word: string) => word.split('.').every((part) => SEGMENT.test(part));
  for (const match of text.matchAll(/\{\{\{?~?\s*([^{}]*?)\s*~?\}?\}\}/g)) {
    const inner = match[1] ?? '';
    if (inner.startsWith('/')) {
      stack.pop();
      continue;
    }
    if (inner.startsWith('!')) continue;
    const block = inner.startsWith('#');
    const words = (block ? inner.slice(1) : inner).split(/\s+/).filter(Boolean);
    const inside = stack.at(-1) ?? null;
    let opened: string | null = null;
    words.forEach((word, index) => {
      if (word.startsWith('context.')) {
        const path = word.slice('context.'.length);
        if (!isPath(path)) return;
        if (block && words[0] === 'each' && opened === null) {
          opened = path;
          if (!arrays.has(path)) arrays.set(path, []);
        } else paths.add(path);
        return;
      }
      if (!inside || block) return;
      // Inside an each block: `this.name`, or a lone `name` (not a helper's name).
      const field = word.startsWith('this.') ? word.slice(5) : words.length === 1 ? word : '';
      if (index === 0 && words.length > 1 && !word.startsWith('this.')) return;
      if (field && field !== 'this' && isPath(field)) arrays.get(inside)?.push(field);
    });
    if (block) stack.push(opened ?? inside);
  }
  return { paths: [...paths], arrays };
}

function place(target: Sample, path: string, value: Sample | string | Sample[]) {
  const parts = path.split('.');
  let at: Sample = target;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== 'object' || Array.isArray(next)) at[part] = {};
    at = at[part] as Sample;
  }
  const last = parts.at(-1)!;
  if (!(last in at) || typeof at[last] === 'string') at[last] = value;
}

/** A sample `context` object with every field the campaign's content uses. */
export function sampleContext(campaign: Pick<Campaign, 'content'>): Sample {
  const found = contextPaths(messageTexts(campaign.content).join('\n'));
  const context: Sample = {};
  for (const [path, fields] of found.arrays) {
    const item: Sample = {};
    for (const field of fields) place(item, field, '…');
    place(context, path, [item]);
  }
  for (const path of found.paths) place(context, path, '…');
  return context;
}

export interface CallIt {
  url: string;
  payload: object;
  curl: string;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export function callIt(campaign: Campaign, origin: string, sandbox: string): CallIt {
  const highThroughput = campaign.trigger?.highThroughput ?? false;
  const url = `${origin}/im/executions/${highThroughput ? 'highthroughput' : 'unitary'}`;
  const channel = campaign.action?.channel ?? 'email';
  const recipient =
    channel === 'sms'
      ? { userId: '+15555550100', namespace: 'phone' }
      : channel === 'push'
        ? { userId: 'device-token', namespace: 'ecid' }
        : { userId: 'someone@example.com', namespace: 'email' };
  const payload = {
    requestId: 'order-0001',
    campaignId: campaign.id,
    recipients: [
      {
        type: highThroughput ? 'external' : 'aep',
        ...recipient,
        context: sampleContext(campaign),
      },
    ],
  };
  const curl = [
    `curl -X POST ${quote(url)}`,
    '  -H "Authorization: Bearer $CLARION_API_KEY"',
    `  -H ${quote(`x-sandbox-name: ${sandbox}`)}`,
    `  -H 'x-api-key: <optional, ignored>'`,
    `  -H 'x-gw-ims-org-id: <optional, ignored>'`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${quote(JSON.stringify(payload, null, 2))}`,
  ].join(' \\\n');
  return { url, payload, curl };
}
