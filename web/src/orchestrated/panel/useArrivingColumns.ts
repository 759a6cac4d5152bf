// The worktable columns a form suggests where it names one: those of the population reaching the
// selected activity, as the definition says (columns.ts). A form still takes a typed name, for a
// column the inference cannot know.
import { useMemo } from 'react';
import { outgoingColumns, type PopulationColumns } from '../../../../src/orchestration/columns.ts';
import { arrivingColumns, type PanelEnv } from './env.ts';

type ColumnEnv = Pick<PanelEnv, 'definition' | 'activityId' | 'builder'>;

const namesOf = (population: PopulationColumns | null, keys: boolean): string[] =>
  (population?.columns ?? [])
    .filter((c) => keys || !population?.keys.includes(c.name))
    .map((c) => c.name);

/**
 * The names of the columns arriving at the selected activity (its first input), keys first
 * unless `keys` is false (where the keys go along anyway).
 */
export function useArrivingColumns(
  { definition, activityId, builder }: ColumnEnv,
  keys = true,
): string[] {
  return useMemo(
    () => namesOf(arrivingColumns({ definition, activityId, builder }), keys),
    [definition, activityId, builder, keys],
  );
}

/** The columns besides the keys of every input, each once, in the inputs' order (for Combine). */
export function useColumnsOfEveryInput({ definition, activityId, builder }: ColumnEnv): string[] {
  return useMemo(() => {
    const { datasets, attributes, audiences } = builder;
    const catalog = { datasets, attributes, audiences };
    const names = definition.transitions
      .filter((t) => t.to === activityId)
      .flatMap((t) =>
        namesOf(outgoingColumns(definition, t.from.activity, t.from.port, catalog), false),
      );
    return [...new Set(names)];
  }, [definition, activityId, builder]);
}
