// Validation of whole workflows: the example passes; files, schedules and dimensions are checked.
import { describe, expect, it } from 'vitest';
import { activity, audience, email, scheduler, sms, split, workflow } from './testing/workflows.ts';
import { validateWorkflow } from './validate.ts';

const errors = (def: Parameters<typeof validateWorkflow>[0], stage?: 'edit' | 'run') =>
  validateWorkflow(def, stage).filter((p) => p.severity === 'error');

describe('validateWorkflow', () => {
  it('accepts the gold/silver workflow with no problem', () => {
    const def = workflow(
      [
        scheduler('start'),
        audience('buyers'),
        split('tiers', ['gold', 'silver'], true),
        email('mailGold'),
        sms('smsSilver'),
        activity('keep', 'saveAudience', { name: 'Others' }),
      ],
      [
        'start>buyers',
        'buyers>tiers',
        'tiers.gold>mailGold',
        'tiers.silver>smsSilver',
        'tiers.complement>keep',
      ],
    );
    expect(validateWorkflow(def)).toEqual([]);
  });

  it('needs a file to run a Load file activity, and only warns while drawing', () => {
    const def = workflow([
      activity('f', 'loadFile', {
        fileId: null,
        columns: [{ name: 'email', type: 'string' }],
        rejects: 'skip',
      }),
    ]);
    const problem = {
      activityId: 'f',
      path: '/activities/0/config/fileId',
      message: '"f" has no file yet: upload one.',
    };
    expect(validateWorkflow(def, 'run')).toEqual([{ ...problem, severity: 'error' }]);
    expect(validateWorkflow(def, 'edit')).toEqual([{ ...problem, severity: 'warning' }]);
  });

  it('checks schedules', () => {
    const def = workflow([
      scheduler('go', {
        frequency: 'weekly',
        zone: 'Mars/Olympus',
        validFrom: '2026-12-01T00:00:00Z',
        validUntil: '2026-11-01T00:00:00Z',
      }),
    ]);
    expect(errors(def).map((p) => [p.path, p.message])).toEqual([
      [
        '/activities/0/config/zone',
        '"Mars/Olympus" is not an IANA time zone (such as Europe/Paris).',
      ],
      ['/activities/0/config/times', 'A weekly schedule needs the time of day to run at.'],
      [
        '/activities/0/config/weekdays',
        'A weekly schedule needs at least one day of the week (1 Monday … 7 Sunday).',
      ],
      ['/activities/0/config/validUntil', 'The validity period ends before it starts.'],
    ]);
  });

  it('checks dimensions known from the definition', () => {
    const def = workflow(
      [
        audience('people'),
        audience('orders', 'orders'),
        activity('u', 'combine', { operation: 'union', columns: 'keys', complement: false }),
        activity('file', 'loadFile', {
          fileId: '00000000-0000-4000-8000-000000000009',
          columns: [{ name: 'email', type: 'string' }],
          rejects: 'fail',
        }),
        email('m'),
      ],
      ['people>u', 'orders>u', 'file>m'],
    );
    expect(errors(def).map((p) => p.message)).toEqual([
      '"u" combines profiles with rows of dataset orders; its inputs must be of one dimension (use Change dimension).',
      '"m" (email) needs profiles, but its input is file lines; reconcile them with profiles first.',
    ]);
  });
});
