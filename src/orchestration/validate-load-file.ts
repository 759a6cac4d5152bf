// Column names a Load file cannot use: its worktables already have `line_no` (the key) and, for
// the rejects output, `column` and `reason`; and one name twice would make two equal columns.
import type { ActivityConfig } from './model.ts';
import type { WorkflowProblem } from './validate-graph.ts';

const RESERVED = ['line_no'];
const RESERVED_WITH_REJECTS = ['column', 'reason'];

export function loadFileProblems(
  activityId: string,
  config: ActivityConfig<'loadFile'>,
  path: string,
): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const reserved = config.rejects === 'skip' ? [...RESERVED, ...RESERVED_WITH_REJECTS] : RESERVED;
  const seen = new Set<string>();
  config.columns.forEach((column, index) => {
    const at = `${path}/columns/${index}/name`;
    if (reserved.includes(column.name))
      problems.push({
        activityId,
        path: at,
        message: `"${column.name}" is a name the file's population already uses: rename the column.`,
        severity: 'error',
      });
    else if (seen.has(column.name))
      problems.push({
        activityId,
        path: at,
        message: `The column "${column.name}" is named twice.`,
        severity: 'error',
      });
    seen.add(column.name);
  });
  return problems;
}
