import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from './model.ts';
import { validateWorkflow } from './validate.ts';

function loadFile(columns: string[], rejects: 'skip' | 'fail'): WorkflowDefinition {
  return {
    version: 1,
    activities: [
      {
        id: 'f',
        kind: 'loadFile',
        label: 'File',
        position: { x: 0, y: 0 },
        config: {
          fileId: '00000000-0000-4000-8000-000000000001',
          columns: columns.map((name) => ({ name, type: 'string' as const })),
          rejects,
        },
      },
    ],
    transitions: [],
  };
}

describe('Load file columns', () => {
  it('refuses the key, the rejects columns when bad lines are kept, and a name twice', () => {
    expect(
      validateWorkflow(loadFile(['email', 'line_no', 'reason', 'email'], 'skip'), 'run'),
    ).toEqual([
      {
        activityId: 'f',
        path: '/activities/0/config/columns/1/name',
        message: '"line_no" is a name the file\'s population already uses: rename the column.',
        severity: 'error',
      },
      {
        activityId: 'f',
        path: '/activities/0/config/columns/2/name',
        message: '"reason" is a name the file\'s population already uses: rename the column.',
        severity: 'error',
      },
      {
        activityId: 'f',
        path: '/activities/0/config/columns/3/name',
        message: 'The column "email" is named twice.',
        severity: 'error',
      },
    ]);
  });

  it('lets a file that fails on bad lines have columns named column and reason', () => {
    expect(validateWorkflow(loadFile(['column', 'reason'], 'fail'), 'run')).toEqual([]);
  });
});
