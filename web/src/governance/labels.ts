// How governance statuses, periods, days and roles are named on screen.
import type { CapPeriod, GovernanceStatus } from '../api/governance.ts';
import { ROLE_DEFINITIONS, ROLES } from '../../../src/platform/permissions.ts';

export const STATUS_LOOK: Record<GovernanceStatus, { color: string; label: string }> = {
  draft: { color: 'gray', label: 'Draft' },
  active: { color: 'green', label: 'Active' },
  inactive: { color: 'orange', label: 'Inactive' },
};

export const PERIOD_LABELS: Record<CapPeriod, { adjective: string; unit: string }> = {
  hourly: { adjective: 'Hourly', unit: 'hour' },
  daily: { adjective: 'Daily', unit: 'day' },
  weekly: { adjective: 'Weekly', unit: 'week' },
  monthly: { adjective: 'Monthly', unit: 'month' },
};

/** 0 = Sunday … 6 = Saturday, listed from Monday as people read a week. */
export const DAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const ROLE_OPTIONS = ROLES.map((role) => ({
  value: role,
  label: ROLE_DEFINITIONS[role].title,
}));

export function daysSummary(days: readonly number[]): string {
  const sorted = WEEK_ORDER.filter((day) => days.includes(day));
  if (sorted.length === 7) return 'Every day';
  if (sorted.length === 5 && !days.includes(0) && !days.includes(6)) return 'Weekdays';
  if (sorted.length === 2 && days.includes(0) && days.includes(6)) return 'Weekends';
  return sorted.map((day) => DAY_SHORT[day]).join(', ');
}
