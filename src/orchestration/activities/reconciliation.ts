// Reconciliation: rows of a file (or a dataset) matched to profiles by rules tried in order — an
// identity of a namespace, an attribute's value, or the profile id — the first that matches
// wins. An attribute value held by several profiles matches none of them. When several rows
// reach one profile, the first row (in key order) is kept. Out is the profiles dimension keyed
// by `profile_id`, with the rows' columns; rows that no rule matched may go out unreconciled.
import { assertNever } from '../../platform/assert.ts';
import { pathLiteral } from '../../audiences/predicates.ts';
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import {
  activityFailed,
  col,
  createScratch,
  dropScratch,
  keysMatch,
  onlyInput,
  qualified,
  requireColumn,
  worktableRef,
} from './population.ts';

type Rule = ActivityContext<'reconciliation'>['activity']['config']['rules'][number];

/** An identity value as identities are stored (see normalizeIdentity), in their collation. */
function storedIdentity(value: string, namespace: string): string {
  switch (namespace) {
    case 'email':
      return `lower(btrim(${value})) COLLATE "C"`;
    case 'phone':
      return `regexp_replace(regexp_replace(btrim(${value}), '[\\s().-]', '', 'g'), '^00', '+') COLLATE "C"`;
    default:
      return `btrim(${value}) COLLATE "C"`;
  }
}

/** The (row keys, profile id) pairs one rule finds, tagged with its rank. */
function ruleMatches(
  rule: Rule,
  rank: number,
  input: Worktable,
  bind: (value: unknown) => string,
): string {
  const keys = qualified('t', input.keys);
  const from = `FROM ${worktableRef(input.table)} t`;
  const value = `t.${col(rule.column)}::text`;
  const match = rule.match;
  switch (match.kind) {
    case 'identity':
      return (
        `SELECT ${keys}, i.profile_id, ${rank} AS rule ${from} JOIN profile_identities i` +
        ` ON i.sandbox_id = $1 AND i.namespace = ${bind(match.namespace)}` +
        ` AND i.value = ${storedIdentity(value, match.namespace)}`
      );
    case 'attribute': {
      const path = pathLiteral(match.path.split('.'));
      return (
        `SELECT ${keys}, (array_agg(p.id))[1] AS profile_id, ${rank} AS rule ${from}` +
        ` JOIN profiles p ON p.sandbox_id = $1 AND (p.attributes #>> ${path}) = btrim(${value})` +
        ` GROUP BY ${keys} HAVING count(*) = 1`
      );
    }
    case 'profileId': {
      const text = `btrim(${value})`;
      return (
        `SELECT ${keys}, p.id AS profile_id, ${rank} AS rule ${from} JOIN profiles p` +
        ` ON p.sandbox_id = $1 AND p.id = (CASE WHEN pg_input_is_valid(${text}, 'uuid') THEN ${text}::uuid END)`
      );
    }
    default:
      return assertNever(match);
  }
}

export async function runReconciliation(
  context: ActivityContext<'reconciliation'>,
): Promise<ActivityOutcome> {
  const { rules, keepUnreconciled } = context.activity.config;
  const input = onlyInput(context);
  if (input.dimension.kind === 'profiles')
    activityFailed('The population is already of profiles: there is nothing to reconcile.');
  for (const rule of rules) requireColumn(input, rule.column);
  const params: unknown[] = [context.sandboxId];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const keys = input.keys.map(col).join(', ');
  const matches = rules.map((rule, rank) => ruleMatches(rule, rank, input, bind));
  // The first rule that matches a row gives its profile.
  const matched =
    `SELECT DISTINCT ON (${keys}) ${keys}, profile_id FROM (${matches.join(' UNION ALL ')}) m` +
    ` ORDER BY ${keys}, rule`;
  context.log(`Reconciliation of ${input.count} rows by ${rules.length} rules`, matched);
  const scratch = await createScratch(context.client, 'reconciled_rows', matched, params);

  const kept = input.columns.filter((c) => c.name !== 'profile_id').map((c) => c.name);
  const out = await context.createWorktable('out', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select:
      `SELECT DISTINCT ON (r.profile_id) r.profile_id, ${qualified('t', kept)}` +
      ` FROM ${scratch} r JOIN ${worktableRef(input.table)} t ON ${keysMatch(input.keys, 't', 'r')}` +
      ` ORDER BY r.profile_id, ${qualified('t', input.keys)}`,
  });
  const reconciled = await context.client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${scratch}`,
  );
  const rows = reconciled.rows[0]?.n ?? 0;
  context.log(
    `${rows} rows reconciled to ${out.count} profiles` +
      (rows > out.count ? ` (${rows - out.count} rows reached a profile an earlier row had)` : ''),
  );
  if (!keepUnreconciled) {
    await dropScratch(context.client, scratch);
    return { kind: 'done', outputs: { out } };
  }
  const unreconciled = await context.createWorktable('unreconciled', {
    dimension: input.dimension,
    keys: input.keys,
    select:
      `SELECT t.* FROM ${worktableRef(input.table)} t` +
      ` WHERE NOT EXISTS (SELECT 1 FROM ${scratch} r WHERE ${keysMatch(input.keys, 'r', 't')})`,
  });
  context.log(`${unreconciled.count} rows not reconciled`);
  await dropScratch(context.client, scratch);
  return { kind: 'done', outputs: { out, unreconciled } };
}
