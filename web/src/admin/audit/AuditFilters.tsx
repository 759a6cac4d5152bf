// The audit log's filter bar. Dates are whole days in the viewer's time zone.
import { Autocomplete, Button, Group, TextInput } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { AuditFilters } from '../../api/admin.ts';

const KNOWN_ACTIONS = [
  'session.login',
  'user.create',
  'user.update',
  'user.roles',
  'user.invite',
  'user.setPassword',
  'apiKey.create',
  'apiKey.revoke',
  'sandbox.create',
  'sandbox.update',
  'sandbox.delete',
];
const KNOWN_ENTITY_TYPES = ['user', 'apiKey', 'sandbox'];

export const NO_FILTERS: AuditFilters = {
  action: '',
  entityType: '',
  entityId: '',
  actor: '',
  from: undefined,
  to: undefined,
};

interface Draft {
  action: string;
  entityType: string;
  actor: string;
  fromDay: string;
  toDay: string;
}
const EMPTY_DRAFT: Draft = { action: '', entityType: '', actor: '', fromDay: '', toDay: '' };

/** Local midnight of a yyyy-mm-dd day, plus `days`, as ISO-8601. */
function dayStart(day: string, days = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return date.toISOString();
}

export function AuditFilterBar({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const set = (field: keyof Draft) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const rangeError =
    draft.fromDay && draft.toDay && draft.toDay < draft.fromDay
      ? 'Must not be before “From”'
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rangeError) return;
    onApply({
      action: draft.action.trim(),
      entityType: draft.entityType.trim(),
      entityId: '',
      actor: draft.actor.trim(),
      from: dayStart(draft.fromDay),
      // "To" includes the whole day; the API's bound is exclusive.
      to: dayStart(draft.toDay, 1),
    });
  };
  const clear = () => {
    setDraft(EMPTY_DRAFT);
    onApply(NO_FILTERS);
  };

  return (
    <form onSubmit={submit} aria-label="Filter the audit log">
      <Group align="flex-end" gap="sm" mb="md">
        <Autocomplete
          label="Action"
          placeholder="e.g. user.create"
          data={KNOWN_ACTIONS}
          value={draft.action}
          onChange={set('action')}
          w={190}
        />
        <Autocomplete
          label="Entity type"
          placeholder="e.g. user"
          data={KNOWN_ENTITY_TYPES}
          value={draft.entityType}
          onChange={set('entityType')}
          w={150}
        />
        <TextInput
          label="Actor"
          placeholder="Email or key name"
          value={draft.actor}
          onChange={(e) => set('actor')(e.currentTarget.value)}
          w={200}
        />
        <TextInput
          label="From"
          type="date"
          value={draft.fromDay}
          onChange={(e) => set('fromDay')(e.currentTarget.value)}
          w={160}
        />
        <TextInput
          label="To"
          type="date"
          value={draft.toDay}
          onChange={(e) => set('toDay')(e.currentTarget.value)}
          error={rangeError}
          w={160}
        />
        <Group gap="xs">
          <Button type="submit" leftSection={<IconFilter size={16} />}>
            Apply filters
          </Button>
          <Button variant="default" onClick={clear}>
            Clear
          </Button>
        </Group>
      </Group>
    </form>
  );
}
