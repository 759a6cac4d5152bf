// An instant picked on a calendar in UTC, as stored (ISO-8601 with Z), with its wall time in a
// chosen zone shown underneath so a marketer sees the local time they planned.
import { DateTimePicker } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { isTimeZone } from '../../../../src/orchestration/validate-schedule.ts';

/** A stored instant as the pickers' value: its wall time in UTC (`YYYY-MM-DD HH:mm:ss`). */
function pickerValue(iso: string | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A picked UTC wall time as the stored ISO-8601 instant (`2026-12-01T09:00:00Z`). */
function instantOf(value: string | null): string | undefined {
  return value ? `${value.slice(0, 19).replace(' ', 'T')}Z` : undefined;
}

/** The instant in the schedule's zone, so a marketer sees the local time they planned. */
function inZone(iso: string | undefined, zone: string): string | undefined {
  if (!iso || zone === 'UTC' || !isTimeZone(zone)) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
  return `${local} in ${zone}`;
}

export function InstantPicker({
  label,
  value,
  zone,
  onChange,
  error,
}: {
  label: string;
  value: string | undefined;
  zone: string;
  onChange: (iso: string | undefined) => void;
  error: string | undefined;
}) {
  return (
    <DateTimePicker
      label={`${label} (UTC)`}
      description={inZone(value, zone)}
      placeholder="Pick a date and time"
      valueFormat="D MMM YYYY, HH:mm"
      clearable
      value={pickerValue(value)}
      onChange={(picked) => onChange(instantOf(picked))}
      error={error}
      nextLabel="Next month"
      previousLabel="Previous month"
      timePickerProps={{ hoursInputLabel: 'Hours', minutesInputLabel: 'Minutes' }}
      submitButtonProps={{ 'aria-label': `Set ${label.toLowerCase()}` }}
      popoverProps={{ withinPortal: true }}
    />
  );
}
