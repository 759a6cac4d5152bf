// The CSV mapping table's rows: which target each column goes to, the default rule the server
// applies when no mapping is given (identity namespaces, profile fields, consent.<channel>,
// else a dotted attribute path), and the API's ColumnTarget each row becomes.
import type { AttributeType, ColumnTarget } from '../api/imports.ts';
import { CHANNELS, type Channel, type Namespace } from '../api/profiles.ts';
import { CHANNEL_TITLES } from '../profiles/ConsentBadge.tsx';

export interface MappingRow {
  header: string;
  /** `identity:<namespace>`, `consent:<channel>`, `attribute`, or a profile field / `ignore`. */
  choice: string;
  path: string;
  type: AttributeType;
}

const FIELDS = ['timezone', 'language', 'testProfile', 'ignore'] as const;
type Field = (typeof FIELDS)[number];

function isField(value: string): value is Field {
  return FIELDS.some((field) => field === value);
}
function isChannel(value: string): value is Channel {
  return CHANNELS.some((channel) => channel === value);
}

export function defaultRow(header: string, namespaces: readonly Namespace[]): MappingRow {
  const row: MappingRow = { header, choice: 'attribute', path: header, type: 'string' };
  if (namespaces.some((namespace) => namespace.code === header))
    return { ...row, choice: `identity:${header}`, path: '' };
  if (isField(header) && header !== 'ignore') return { ...row, choice: header, path: '' };
  const consent = /^consent\.(.+)$/.exec(header)?.[1];
  if (consent && isChannel(consent)) return { ...row, choice: `consent:${consent}`, path: '' };
  if (header === '') return { ...row, choice: 'ignore', path: '' };
  return row;
}

export function targetOf(row: MappingRow): ColumnTarget {
  const [kind, detail = ''] = row.choice.split(':', 2);
  if (kind === 'identity') return { to: 'identity', namespace: detail };
  if (kind === 'consent' && isChannel(detail)) return { to: 'consent', channel: detail };
  if (kind !== undefined && isField(kind)) return { to: kind };
  return { to: 'attribute', path: row.path.trim(), type: row.type };
}

export function mappingOf(rows: readonly MappingRow[]): Record<string, ColumnTarget> {
  return Object.fromEntries(rows.map((row) => [row.header, targetOf(row)]));
}

export function targetOptions(namespaces: readonly Namespace[]) {
  return [
    {
      group: 'Identity',
      items: namespaces.map((n) => ({
        value: `identity:${n.code}`,
        label: `Identity: ${n.title}`,
      })),
    },
    {
      group: 'Profile',
      items: [
        { value: 'attribute', label: 'Attribute' },
        { value: 'timezone', label: 'Time zone' },
        { value: 'language', label: 'Language' },
        { value: 'testProfile', label: 'Test profile flag' },
      ],
    },
    {
      group: 'Consent',
      items: CHANNELS.map((c) => ({
        value: `consent:${c}`,
        label: `Consent: ${CHANNEL_TITLES[c]}`,
      })),
    },
    { group: 'Other', items: [{ value: 'ignore', label: 'Ignore this column' }] },
  ];
}

/** Problems that would make every line fail or the mapping ambiguous; empty when fine. */
export function mappingProblems(rows: readonly MappingRow[]): string[] {
  const problems: string[] = [];
  if (!rows.some((row) => row.choice.startsWith('identity:')))
    problems.push('Map at least one column to an identity: lines without one are rejected.');
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.header)) problems.push(`The file has two columns named “${row.header}”.`);
    seen.add(row.header);
  }
  return problems;
}
