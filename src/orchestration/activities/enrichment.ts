// Enrichment: the input's rows with new columns — a profile attribute or a column of the one
// linked row, aggregates over linked rows (count, sum, min, max, avg, optionally filtered) and
// the first N linked rows in an order — computed in one set-based statement.
import { applyEvaluationSettings } from '../../audiences/evaluate.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { COLUMN_PATTERN } from '../model.ts';
import { loadTargetingCatalog } from '../targeting/catalog.ts';
import {
  enrichmentColumns,
  enrichmentSelect,
  type EnrichmentConfig,
} from '../targeting/enrichment-sql.ts';
import { inputPopulation, worktableNeeds } from '../targeting/sources.ts';
import { newSqlContext, readable } from '../targeting/sql-context.ts';

const COLUMN = new RegExp(COLUMN_PATTERN);

/** New names must be column names, once each, and not the name of an input column. */
function checkNames(config: EnrichmentConfig, inputColumns: string[]): string[] {
  const names = enrichmentColumns(config);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (!COLUMN.test(name))
      problems.push(
        `"${name}" is not a column name (a letter, then up to 59 letters, digits or _)`,
      );
    else if (inputColumns.includes(name))
      problems.push(`"${name}" is already a column of the input`);
    else if (seen.has(name)) problems.push(`"${name}" is named twice`);
    seen.add(name);
  }
  if (problems.length) throw new AppError('ACTIVITY_FAILED', `${problems.join('; ')}.`);
  return names;
}

export async function runEnrichment(
  context: ActivityContext<'enrichment'>,
): Promise<ActivityOutcome> {
  const config = context.activity.config;
  const input = inputPopulation(context.inputs, context.activity.label);
  const names = checkNames(
    config,
    input.columns.map((c) => c.name),
  );
  const needs = worktableNeeds(input);
  needs.datasets.push(
    ...config.attributes.flatMap((a) => (a.source.kind === 'dataset' ? [a.source.dataset] : [])),
    ...config.aggregates.map((a) => a.dataset),
    ...config.collected.map((c) => c.dataset),
  );
  const catalog = await loadTargetingCatalog(context.client, context.sandboxId, needs);
  const ctx = newSqlContext(context.sandboxId, context.now, catalog);
  const select = enrichmentSelect(input, config, ctx);
  context.log(
    names.length ? `Adding ${names.join(', ')}` : 'Nothing to add: the input passes on',
    readable(select, ctx),
  );
  await applyEvaluationSettings(context.client);
  const out = await context.createWorktable('out', {
    dimension: input.dimension,
    keys: input.keys,
    select,
    params: ctx.params.values,
  });
  context.log(`${out.count} ${out.count === 1 ? 'row' : 'rows'} enriched`);
  return { kind: 'done', outputs: { out } };
}
