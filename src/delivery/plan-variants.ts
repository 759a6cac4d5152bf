// Which content each recipient gets. Targeting rules are evaluated before the recipients are
// judged — each rule's profile query once, restricted to the recipients, into a temporary table
// that keeps the first rule a profile matches — and experiments assign treatments from a hash of
// (experiment, profile), so a profile lands in the same place whenever the experiment is planned.
import type pg from 'pg';
import { assertNever } from '../platform/assert.ts';
import { AppError } from '../platform/errors.ts';
import type { ExecutionRequest, VariantPlan } from './model.ts';
import { recipientsSql, sourceValue, type SqlParams } from './plan-sql.ts';

/** Experiment buckets: a profile's bucket is in [0, BUCKETS). */
export const BUCKETS = 10_000;

/** How the planning statement reads the variant of recipient `a.profile_id`. */
export interface VariantSql {
  /** Joined after `FROM addressed a`. */
  join: string;
  /** The variant's key; NULL for the execution's own content. */
  treatment: string;
  /** The exclusion the variant makes (holdout, no rule matched), or NULL. */
  reason: string;
}

/** Variant keys name contents in `executions.variants`, so they must be unique. */
export function variantContents(plan: VariantPlan | undefined): Record<string, unknown> | null {
  if (!plan) return null;
  const entries =
    plan.kind === 'rules'
      ? plan.rules.map((r) => [r.key, r.content] as const)
      : plan.treatments.map((t) => [t.key, t.content] as const);
  const contents: Record<string, unknown> = {};
  for (const [key, content] of entries) {
    if (key in contents)
      throw new AppError('CAMPAIGN_INVALID', `The variant key "${key}" is used twice.`);
    contents[key] = content;
  }
  if (plan.kind === 'experiment') {
    if (!(plan.holdoutPercent >= 0 && plan.holdoutPercent <= 100))
      throw new AppError('CAMPAIGN_INVALID', 'The holdout must be between 0 and 100%.');
    if (plan.treatments.some((t) => !(t.weight >= 0)))
      throw new AppError('CAMPAIGN_INVALID', 'Treatment weights cannot be negative.');
    if (plan.holdoutPercent < 100 && !plan.treatments.some((t) => t.weight > 0))
      throw new AppError('CAMPAIGN_INVALID', 'An experiment needs a treatment with some weight.');
  }
  return contents;
}

/**
 * Bucket thresholds of an experiment: below `holdout` is the holdout, then treatment i up to
 * `bounds[i]`, in proportion to its weight.
 */
export function experimentBounds(plan: Extract<VariantPlan, { kind: 'experiment' }>): {
  holdout: number;
  bounds: number[];
} {
  const holdout = Math.round(plan.holdoutPercent * (BUCKETS / 100));
  const total = plan.treatments.reduce((sum, t) => sum + t.weight, 0);
  let cumulative = 0;
  const bounds = plan.treatments.map((t) => {
    cumulative += t.weight;
    return total === 0 ? holdout : holdout + Math.floor(((BUCKETS - holdout) * cumulative) / total);
  });
  return { holdout, bounds };
}

/** Evaluates targeting rules into a temporary table; must run inside the planning transaction. */
async function matchRules(
  client: pg.PoolClient,
  request: ExecutionRequest,
  plan: Extract<VariantPlan, { kind: 'rules' }>,
  table: string,
): Promise<void> {
  const open = await client.query<{ open: boolean }>(
    'SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS open',
  );
  if (!open.rows[0]?.open)
    throw new Error('targeting rules are planned inside a transaction (their table is temporary)');
  await client.query(
    `CREATE TEMPORARY TABLE ${table} (profile_id uuid PRIMARY KEY, rule_no int NOT NULL) ON COMMIT DROP`,
  );
  for (const [index, rule] of plan.rules.entries()) {
    if (rule.query.params[0] !== request.sandboxId)
      throw new Error(`the query of rule "${rule.key}" is for another sandbox`);
    const values = [...rule.query.params];
    values.push(sourceValue(request.source));
    const source = `$${values.length}`;
    values.push(index + 1);
    // The first rule a profile matches wins: later rules leave it alone.
    await client.query(
      `INSERT INTO ${table} (profile_id, rule_no)
       SELECT q.id, $${values.length}::int FROM (${rule.query.sql}) q
        WHERE q.id IN (${recipientsSql(request.source, source)})
       ON CONFLICT (profile_id) DO NOTHING`,
      values,
    );
  }
  await client.query(`ANALYZE ${table}`);
}

export async function prepareVariants(
  client: pg.PoolClient,
  request: ExecutionRequest,
  executionId: string,
  params: SqlParams,
): Promise<VariantSql | undefined> {
  const plan = request.variants;
  if (!plan) return undefined;
  switch (plan.kind) {
    case 'rules': {
      const table = `plan_rules_${executionId.replace(/-/g, '')}`;
      await matchRules(client, request, plan, table);
      const keys = params.add(plan.rules.map((r) => r.key));
      return {
        join: `LEFT JOIN ${table} v ON v.profile_id = a.profile_id`,
        treatment: `(${keys}::text[])[v.rule_no]`,
        reason: plan.hasFallback
          ? 'NULL::text'
          : `CASE WHEN v.rule_no IS NULL THEN 'NoTargetingRuleMatched' END`,
      };
    }
    case 'experiment': {
      const { holdout, bounds } = experimentBounds(plan);
      const holdoutParam = params.add(holdout);
      const branches = plan.treatments.map(
        (t, i) => `WHEN v.bucket < ${params.add(bounds[i])}::int THEN ${params.add(t.key)}::text`,
      );
      // The first 32 bits of md5(experiment:profile), as an unsigned number, modulo the buckets.
      return {
        join: `CROSS JOIN LATERAL (SELECT (('x' || substr(md5(${params.add(plan.experimentId)}::text || ':' || a.profile_id::text), 1, 8))::bit(32)::bigint % ${BUCKETS})::int AS bucket) v`,
        treatment: `CASE WHEN v.bucket < ${holdoutParam}::int THEN NULL ${branches.join(' ')} END`,
        reason: `CASE WHEN v.bucket < ${holdoutParam}::int THEN 'ExperimentationHoldoutExclusion' END`,
      };
    }
    default:
      return assertNever(plan);
  }
}
