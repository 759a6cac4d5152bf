// The "Define dataset" form's state, the definition it becomes, and every problem with it:
// the server's own schema and rules (definitionViolations) run here too, so the console and the
// API report the same paths (/columns/1/name, /primaryKey/0, /link/column …).
import { definitionViolations } from '../../../../src/profiles/datasets/definition.ts';
import {
  DatasetDefinitionSchema,
  type Cardinality,
  type ColumnType,
  type Dataset,
  type DatasetDefinition,
  type Link,
} from '../../api/datasets.ts';
import { schemaErrors, type FieldErrors } from '../../api/forms.ts';

export interface ColumnDraft {
  /** Stable React key; rows can be removed from the middle. */
  key: number;
  name: string;
  type: ColumnType;
  nullable: boolean;
}

export type LinkKind = 'none' | 'profile' | 'dataset';

export interface LinkDraft {
  kind: LinkKind;
  column: string | null;
  by: string | null;
  dataset: string | null;
  /** This dataset's columns matching the target's primary key, position by position. */
  columns: (string | null)[];
  cardinality: Cardinality;
}

export interface DatasetDraft {
  name: string;
  title: string;
  description: string;
  columns: ColumnDraft[];
  primaryKey: string[];
  link: LinkDraft;
}

let nextKey = 1;
export function newColumn(name = '', type: ColumnType = 'string', nullable = true): ColumnDraft {
  return { key: nextKey++, name, type, nullable };
}

export function emptyDraft(): DatasetDraft {
  return {
    name: '',
    title: '',
    description: '',
    columns: [newColumn('id', 'string', false)],
    primaryKey: ['id'],
    link: { kind: 'none', column: null, by: null, dataset: null, columns: [], cardinality: 'N-1' },
  };
}

function linkOf(link: LinkDraft): Link | null {
  switch (link.kind) {
    case 'none':
      return null;
    case 'profile':
      return {
        kind: 'profile',
        column: link.column ?? '',
        by: link.by ?? '',
        cardinality: link.cardinality,
      };
    case 'dataset':
      return {
        kind: 'dataset',
        dataset: link.dataset ?? '',
        columns: link.columns.map((column) => column ?? ''),
        cardinality: link.cardinality,
      };
  }
}

export function definitionOfDraft(draft: DatasetDraft): DatasetDefinition {
  const description = draft.description.trim();
  return {
    name: draft.name.trim(),
    title: draft.title.trim(),
    ...(description ? { description } : {}),
    // Key columns can never be empty; saying so keeps the definition honest.
    columns: draft.columns.map((column) => ({
      name: column.name.trim(),
      type: column.type,
      nullable: column.nullable && !draft.primaryKey.includes(column.name.trim()),
    })),
    primaryKey: draft.primaryKey,
    link: linkOf(draft.link),
  };
}

function linkErrors(link: Link | null | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (link?.kind === 'profile') {
    if (!link.column) errors['/link/column'] = 'Choose a string column';
    if (!link.by) errors['/link/by'] = 'Choose how profiles are matched';
  } else if (link?.kind === 'dataset') {
    if (!link.dataset) errors['/link/dataset'] = 'Choose a dataset';
    link.columns.forEach((column, index) => {
      if (!column) errors[`/link/columns/${index}`] = 'Choose a column';
    });
  }
  return errors;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Every problem of the definition, by JSON pointer, as the server would report it. */
export function draftErrors(
  definition: DatasetDefinition,
  context: { namespaces: string[]; datasets: Dataset[] },
): FieldErrors {
  // The link is a union, whose schema errors name only "/link"; its fields are checked below.
  const errors: FieldErrors = {
    ...schemaErrors(DatasetDefinitionSchema, { ...definition, link: null }),
    ...linkErrors(definition.link),
  };
  if (definition.primaryKey.length === 0) errors['/primaryKey'] = 'Choose at least one key column';
  const link = definition.link;
  const target =
    link?.kind === 'dataset' ? context.datasets.find((d) => d.name === link.dataset) : undefined;
  const violations = definitionViolations(definition, {
    namespaces: new Set(context.namespaces),
    target,
  });
  for (const violation of violations) errors[violation.path] ??= sentence(violation.message);
  return errors;
}
