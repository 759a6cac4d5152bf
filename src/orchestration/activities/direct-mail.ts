// Direct mail (SPEC O4): the incoming population as a file for a mail house — one column per
// chosen header, read from a column of the population or, for profiles, from an attribute
// (`profile.<path>`). The activity builds the file's worktable (keys, then the chosen columns
// named by their headers, in order); the file itself is streamed from it on request
// (exportDirectMailCsv). A test run builds it too: it sends nothing.
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import { populationOf } from '../channels/input.ts';
import { activityFailed, col, requireColumn, worktableRef } from './population.ts';

type DirectMailConfig = ActivityContext<'directMail'>['activity']['config'];

const PROFILE_PREFIX = 'profile.';
const PATH_SEGMENT = /^[A-Za-z0-9_-]+$/;
/** PostgreSQL keeps at most 63 bytes of a column name. */
const MAX_HEADER_BYTES = 63;

/** What a direct-mail task keeps in its state, for the file's download. */
export interface DirectMailState {
  fileName: string;
  rows: number;
}

interface FileColumn {
  header: string;
  /** The SQL giving the value, over `w` (the population) and `p` (its profile). */
  value: string;
}

/** The SELECT of each chosen column; `params` receives the attribute paths. */
export function fileColumns(
  input: Worktable,
  config: DirectMailConfig,
  params: unknown[],
): { columns: FileColumn[]; needsProfile: boolean } {
  const headers = new Set<string>(input.keys);
  let needsProfile = false;
  const columns = config.columns.map(({ header, source }) => {
    if (headers.has(header))
      activityFailed(
        input.keys.includes(header)
          ? `The header "${header}" is the name of a key of the population: choose another one.`
          : `The header "${header}" is used twice.`,
      );
    if (Buffer.byteLength(header) > MAX_HEADER_BYTES)
      activityFailed(`The header "${header}" is longer than ${MAX_HEADER_BYTES} bytes.`);
    headers.add(header);
    if (!source.startsWith(PROFILE_PREFIX))
      return { header, value: `w.${col(requireColumn(input, source).name)}` };
    if (input.dimension.kind !== 'profiles')
      activityFailed(
        `"${source}" reads a profile, and this population is not of profiles: add a Change dimension before it, or an Enrichment.`,
      );
    const path = source.slice(PROFILE_PREFIX.length).split('.');
    if (!path.every((segment) => PATH_SEGMENT.test(segment)))
      activityFailed(`"${source}" is not a profile attribute path (profile.a.b).`);
    needsProfile = true;
    params.push(path);
    return { header, value: `p.attributes #>> $${params.length}::text[]` };
  });
  return { columns, needsProfile };
}

export async function runDirectMail(
  context: ActivityContext<'directMail'>,
): Promise<ActivityOutcome> {
  const { config } = context.activity;
  const input = populationOf(context.inputs);
  const params: unknown[] = [];
  const { columns, needsProfile } = fileColumns(input, config, params);
  if (needsProfile) params.push(context.sandboxId);
  const keys = input.keys.map((k) => `w.${col(k)}`);
  const select = `SELECT ${[...keys, ...columns.map((c) => `${c.value} AS ${col(c.header)}`)].join(', ')}
    FROM ${worktableRef(input.table)} w
    ${needsProfile ? `LEFT JOIN profiles p ON p.sandbox_id = $${params.length}::uuid AND p.id = w.profile_id` : ''}`;
  context.log(`Direct mail file ${config.fileName}: ${columns.length} columns`, select);
  const out = await context.createWorktable('out', {
    dimension: input.dimension,
    keys: input.keys,
    select,
    params,
  });
  context.log(
    `${out.count} rows${context.mode === 'test' ? ' (test run: the file is built all the same)' : ''}`,
  );
  const state: DirectMailState = { fileName: config.fileName, rows: out.count };
  return { kind: 'done', outputs: { out }, state: { ...state } };
}
