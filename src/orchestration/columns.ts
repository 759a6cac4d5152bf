// The columns of the population on each transition, worked out from the definition alone, as the
// engine's SQL makes them: the keys first (profile_id, a dataset's primary key, a file's line_no),
// then the columns activities add (a file's, an Enrichment's) or keep (Combine's chosen ones,
// Change dimension's when each row stands for one input row). Types are those a filter compares
// with. The side panel's forms suggest them. Pure; shared with the console.
import type { AttributeType } from '../audiences/model.ts';
import { assertNever } from '../platform/assert.ts';
import {
  filterTypeOf,
  isAttributeType,
  loadedFile,
  population,
  PROFILE_KEY,
  reconciled,
  targetToOne,
  type CatalogDataset,
  type ColumnCatalog,
  type PopulationColumn,
  type PopulationColumns,
} from './column-shapes.ts';
import { COLUMN_PATTERN, type Activity, type Dimension, type WorkflowDefinition } from './model.ts';

export * from './column-shapes.ts';

const COLUMN = new RegExp(COLUMN_PATTERN);
/** Every column a filter on this population can name: its own, then its dataset's. */
export function filterableColumns(population: PopulationColumns): PopulationColumn[] {
  const own = new Set(population.columns.map((c) => c.name));
  return [...population.columns, ...population.rowColumns.filter((c) => !own.has(c.name))];
}

/** The columns of the population arriving at an activity (its first incoming one); null: none. */
export function incomingColumns(
  definition: WorkflowDefinition,
  activityId: string,
  catalog: ColumnCatalog,
): PopulationColumns | null {
  return new ColumnInference(definition, catalog).incoming(activityId)[0] ?? null;
}

/** The columns of the population an output port carries; null: no population. */
export function outgoingColumns(
  definition: WorkflowDefinition,
  activityId: string,
  port: string,
  catalog: ColumnCatalog,
): PopulationColumns | null {
  return new ColumnInference(definition, catalog).port(activityId, port);
}

class ColumnInference {
  private readonly memo = new Map<string, PopulationColumns | null>();
  private readonly activities: Map<string, Activity>;

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly catalog: ColumnCatalog,
  ) {
    this.activities = new Map(definition.activities.map((a) => [a.id, a]));
  }

  /** The populations of the incoming transitions, in the definition's order, null ones left out. */
  incoming(activityId: string): PopulationColumns[] {
    return this.definition.transitions
      .filter((t) => t.to === activityId)
      .flatMap((t) => this.port(t.from.activity, t.from.port) ?? []);
  }

  port(activityId: string, port: string): PopulationColumns | null {
    const key = `${activityId}\u0000${port}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    this.memo.set(key, null); // a cycle reads no population
    const activity = this.activities.get(activityId);
    const result = activity ? this.output(activity, port) : null;
    this.memo.set(key, result);
    return result;
  }

  private dataset(name: string): CatalogDataset | undefined {
    return this.catalog.datasets.find((d) => d.name === name);
  }

  private datasetColumn(dataset: string, column: string | undefined): PopulationColumn | null {
    const found = this.dataset(dataset)?.columns.find((c) => c.name === column);
    return found ? { name: found.name, type: filterTypeOf(found.type) } : null;
  }

  /** A population of a dimension's rows with only their keys (what targeting selects). */
  private keysOnly(dimension: Dimension): PopulationColumns {
    if (dimension.kind === 'profiles') return population(dimension, [PROFILE_KEY], [], true);
    // Rows of a file are selected by nothing (the engine refuses them); an unknown dataset's keys are unknown.
    const dataset = dimension.kind === 'dataset' ? this.dataset(dimension.dataset) : undefined;
    if (!dataset) return population(dimension, [], [], false);
    const keys = dataset.primaryKey.map(
      (k) => this.datasetColumn(dataset.name, k) ?? { name: k, type: 'string' as const },
    );
    return {
      ...population(dimension, keys, [], true),
      rowColumns: dataset.columns.map((c) => ({ name: c.name, type: filterTypeOf(c.type) })),
      attributesByRule: dataset.link?.kind === 'profile',
    };
  }

  private output(activity: Activity, port: string): PopulationColumns | null {
    const input = () => this.incoming(activity.id)[0] ?? null;
    switch (activity.kind) {
      case 'buildAudience':
      case 'incrementalQuery':
        return this.keysOnly(activity.config.dimension);
      case 'readAudience':
        return this.audienceMembers(activity.config.audienceId);
      case 'loadFile':
        return loadedFile(activity.config.columns, port === 'rejects');
      case 'changeDimension':
        return this.changedDimension(activity, input());
      case 'combine':
        return this.combined(activity, this.incoming(activity.id));
      case 'enrichment':
        return this.enriched(activity, input());
      case 'reconciliation':
        return port === 'unreconciled' ? input() : reconciled(input());
      case 'directMail':
        return this.mailFile(activity, input());
      case 'andJoin': {
        // The primary branch's population even when it carries none, as the engine chooses.
        const primary = this.definition.transitions.find(
          (t) => t.to === activity.id && t.from.activity === activity.config.primary,
        );
        return primary ? this.port(primary.from.activity, primary.from.port) : input();
      }
      case 'deduplication':
      case 'split':
      case 'saveAudience':
      case 'fork':
      case 'wait':
      case 'test':
      case 'alert':
      case 'email':
      case 'sms':
      case 'push':
        return input();
      case 'scheduler':
      case 'end':
        return null;
      default:
        return assertNever(activity);
    }
  }

  private audienceMembers(audienceId: string): PopulationColumns {
    const audience = this.catalog.audiences?.find((a) => a.id === audienceId);
    const kept = (audience?.upload?.attributeColumns ?? []).filter(
      (c) => COLUMN.test(c) && c !== 'profile_id',
    );
    const columns = kept.map((name) => ({ name, type: 'string' as const }));
    return population({ kind: 'profiles' }, [PROFILE_KEY], columns, audience !== undefined);
  }

  private changedDimension(
    activity: Extract<Activity, { kind: 'changeDimension' }>,
    input: PopulationColumns | null,
  ): PopulationColumns {
    const target = this.keysOnly(activity.config.to);
    const from = input?.dimension;
    const toOne =
      from && from.kind !== 'file'
        ? targetToOne(from, activity.config.to, (name) => this.dataset(name))
        : null;
    const extras = (input?.columns ?? []).filter((c) => !input?.keys.includes(c.name));
    const carried = activity.config.keepDuplicates === true || toOne === true;
    const kept = carried ? extras.filter((c) => !target.keys.includes(c.name)) : [];
    const known = input !== null && input.complete && toOne !== null;
    return {
      ...target,
      columns: [...target.columns, ...kept],
      complete: target.complete && known,
    };
  }

  private combined(
    activity: Extract<Activity, { kind: 'combine' }>,
    inputs: PopulationColumns[],
  ): PopulationColumns | null {
    const first = inputs[0];
    if (!first) return null;
    const chosen = activity.config.columns;
    const names = chosen === 'keys' ? [] : chosen.filter((c) => !first.keys.includes(c));
    const kept = names.flatMap((name) => {
      const found = inputs.flatMap((i) => i.columns).find((c) => c.name === name);
      return found ? [found] : [];
    });
    return {
      ...first,
      columns: [...first.columns.filter((c) => first.keys.includes(c.name)), ...kept],
      complete: inputs.every((i) => i.complete) && kept.length === names.length,
    };
  }

  private enriched(
    activity: Extract<Activity, { kind: 'enrichment' }>,
    input: PopulationColumns | null,
  ): PopulationColumns | null {
    if (!input) return null;
    const { attributes, aggregates, collected } = activity.config;
    let complete = input.complete;
    const typed = (name: string, found: PopulationColumn | null): PopulationColumn => {
      if (!found) complete = false;
      return { name, type: found?.type ?? 'string' };
    };
    const added = [
      ...attributes.map(({ name, source }) =>
        source.kind === 'profile'
          ? { name, type: this.attributeType(source.path) }
          : typed(name, this.datasetColumn(source.dataset, source.column)),
      ),
      ...aggregates.map(({ name, fn, dataset, column }) =>
        fn === 'min' || fn === 'max'
          ? typed(name, this.datasetColumn(dataset, column))
          : { name, type: 'number' as const },
      ),
      ...collected.flatMap((c) =>
        Array.from({ length: c.count }, (_, i) =>
          c.columns.map((column) =>
            typed(`${c.prefix}_${i + 1}_${column}`, this.datasetColumn(c.dataset, column)),
          ),
        ).flat(),
      ),
    ];
    return { ...input, columns: [...input.columns, ...added], complete };
  }

  /** A profile attribute is read as text; filters compare it as the attribute's own type. */
  private attributeType(path: string): AttributeType {
    const type = this.catalog.attributes?.find((a) => a.path === path)?.type;
    return type && isAttributeType(type) ? type : 'string';
  }

  private mailFile(
    activity: Extract<Activity, { kind: 'directMail' }>,
    input: PopulationColumns | null,
  ): PopulationColumns | null {
    if (!input) return null;
    const keys = input.columns.filter((c) => input.keys.includes(c.name));
    let complete = input.complete;
    const columns = activity.config.columns.map(({ header, source }) => {
      if (source.startsWith('profile.'))
        return { name: header, type: this.attributeType(source.slice('profile.'.length)) };
      const found = input.columns.find((c) => c.name === source);
      if (!found) complete = false;
      return { name: header, type: found?.type ?? 'string' };
    });
    return { ...input, columns: [...keys, ...columns], complete };
  }
}
