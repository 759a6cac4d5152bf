// Who uses an object: areas further down the dependency chain (campaigns) tell areas further up
// (channels, governance) which of their objects they rely on, without those areas reading their
// tables. A check answers with the names of the users, e.g. live campaigns.
import type { QueryExecutorProvider } from 'kysely';

export const USED_KINDS = ['channelConfiguration', 'businessRuleSet', 'quietHours'] as const;
export type UsedKind = (typeof USED_KINDS)[number];

export type UsageCheck = (
  executor: QueryExecutorProvider,
  sandboxId: string,
  id: string,
) => Promise<string[]>;

const checks = new Map<UsedKind, UsageCheck[]>();

/** Adds a check once (registering the same function again changes nothing). */
export function registerUsageCheck(kind: UsedKind, check: UsageCheck): void {
  const list = checks.get(kind) ?? [];
  if (!list.includes(check)) checks.set(kind, [...list, check]);
}

/** Names of what uses the object, from every registered check. */
export async function usersOf(
  kind: UsedKind,
  executor: QueryExecutorProvider,
  sandboxId: string,
  id: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const check of checks.get(kind) ?? []) names.push(...(await check(executor, sandboxId, id)));
  return names;
}
