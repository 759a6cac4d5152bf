// An event condition: which event, how often, in which time window, with optional filters on
// its properties and an optional sum / average / minimum / maximum of one of them.
import { Autocomplete, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { FieldErrors } from '../api/forms.ts';
import type { EventDraft, WindowDraft } from './draft.ts';
import { FilterList } from './FilterList.tsx';
import { EVENT_SUGGESTIONS } from './labels.ts';
import { AggregateFields, CountFields } from './MeasureFields.tsx';
import { messageAt } from './problems.ts';

const WINDOW_OPTIONS: { value: WindowDraft['mode']; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: 'lastDays', label: 'In the last … days' },
  { value: 'range', label: 'Between dates' },
];

/** The date part of a stored instant, and the instant (midnight UTC) of a picked date. */
const dateOf = (iso: string) => iso.slice(0, 10);
const instantOf = (date: string) => (date ? `${date}T00:00:00.000Z` : '');

export function EventEditor({
  node,
  path,
  errors,
  onChange,
}: {
  node: EventDraft;
  path: string;
  errors: FieldErrors;
  onChange: (node: EventDraft) => void;
}) {
  const window = node.window;
  const setWindow = (change: Partial<WindowDraft>) =>
    onChange({ ...node, window: { ...window, ...change } });
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start">
        <Autocomplete
          label="Event type"
          placeholder="e.g. purchase"
          data={EVENT_SUGGESTIONS}
          value={node.type}
          onChange={(type) => onChange({ ...node, type })}
          error={messageAt(errors, `${path}/type`)}
          w={200}
          comboboxProps={{ withinPortal: true }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <CountFields
          count={node.count}
          path={path}
          errors={errors}
          unit="Times"
          onChange={(count) => onChange({ ...node, count })}
        />
        <Select
          label="When"
          data={WINDOW_OPTIONS}
          value={window.mode}
          allowDeselect={false}
          onChange={(value) => {
            const mode = WINDOW_OPTIONS.find((o) => o.value === value)?.value;
            if (mode) setWindow({ mode });
          }}
          error={messageAt(errors, `${path}/window`)}
          w={180}
          comboboxProps={{ withinPortal: true }}
        />
        {window.mode === 'lastDays' && (
          <TextInput
            label="Days"
            inputMode="numeric"
            value={window.lastDays}
            onChange={(event) => setWindow({ lastDays: event.currentTarget.value })}
            error={messageAt(errors, `${path}/window/lastDays`)}
            w={90}
          />
        )}
        {window.mode === 'range' && (
          <>
            <TextInput
              label="From (UTC)"
              type="date"
              value={dateOf(window.from)}
              onChange={(event) => setWindow({ from: instantOf(event.currentTarget.value) })}
              error={messageAt(errors, `${path}/window/from`)}
              w={160}
            />
            <TextInput
              label="Before (UTC)"
              type="date"
              value={dateOf(window.to)}
              onChange={(event) => setWindow({ to: instantOf(event.currentTarget.value) })}
              error={messageAt(errors, `${path}/window/to`)}
              w={160}
            />
          </>
        )}
      </Group>
      <div>
        <Text size="xs" fw={600} c="dimmed" mb={4}>
          Only events whose properties match
        </Text>
        <FilterList
          filters={node.where}
          path={path}
          errors={errors}
          onChange={(where) => onChange({ ...node, where })}
        />
      </div>
      <AggregateFields
        aggregate={node.aggregate}
        path={path}
        errors={errors}
        onChange={(aggregate) => onChange({ ...node, aggregate })}
      />
    </Stack>
  );
}
