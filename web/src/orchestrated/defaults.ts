// A new activity's starting configuration per kind: valid against the model's schema wherever a
// sensible default exists, so a freshly dropped activity saves at once and its form starts filled.
import type { Activity, ActivityConfig, ActivityKind } from '../../../src/orchestration/model.ts';
import { assertNever } from '../../../src/platform/assert.ts';
import { STARTER_EMAIL, STARTER_PUSH, STARTER_SMS } from '../content/drafts.ts';

/**
 * Stands for "not chosen yet" where the schema wants a UUID (a channel configuration, an
 * audience): the definition stays valid JSON for the schema, the form shows an empty choice and
 * the check says what is missing.
 */
export const NOT_CHOSEN = '00000000-0000-0000-0000-000000000000';

const browserZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

const channelBase = {
  configurationId: NOT_CHOSEN,
  category: 'marketing' as const,
  confirmSending: true,
};

type AnyConfig = { [K in ActivityKind]: ActivityConfig<K> }[ActivityKind];

function configOf(kind: ActivityKind): AnyConfig {
  switch (kind) {
    case 'buildAudience':
      return { dimension: { kind: 'profiles' }, targeting: {} };
    case 'readAudience':
      return { audienceId: NOT_CHOSEN };
    case 'incrementalQuery':
      return { dimension: { kind: 'profiles' }, targeting: {}, dateColumn: 'updatedAt' };
    case 'loadFile':
      return { fileId: null, columns: [{ name: 'email', type: 'string' }], rejects: 'skip' };
    case 'changeDimension':
      return { to: { kind: 'profiles' } };
    case 'combine':
      return { operation: 'union', columns: 'keys', complement: false };
    case 'deduplication':
      return { columns: ['email'], keep: 1, method: { kind: 'random' }, duplicatesOutput: false };
    case 'enrichment':
      return { attributes: [], aggregates: [], collected: [] };
    case 'reconciliation':
      return {
        rules: [{ column: 'email', match: { kind: 'identity', namespace: 'email' } }],
        keepUnreconciled: false,
      };
    case 'split':
      return {
        subsets: [{ key: 'subset1', label: 'Subset 1' }],
        overlap: false,
        complement: true,
      };
    case 'saveAudience':
      return { name: 'Workflow audience' };
    case 'scheduler':
      return { frequency: 'asap', zone: browserZone() };
    case 'fork':
      return { branches: ['branch1', 'branch2'] };
    case 'andJoin':
      return {};
    case 'wait':
      return { kind: 'duration', minutes: 60 };
    case 'test':
      return {
        branches: [
          {
            key: 'notEmpty',
            label: 'Not empty',
            conditions: [{ kind: 'count', comparison: 'gt', value: 0 }],
          },
        ],
        defaultBranch: true,
      };
    case 'alert':
      return { subject: 'Workflow alert', message: '', userIds: [] };
    case 'end':
      return {};
    case 'email':
      return { ...channelBase, content: { ...STARTER_EMAIL } };
    case 'sms':
      return { ...channelBase, content: { ...STARTER_SMS } };
    case 'push':
      return { ...channelBase, content: { ...STARTER_PUSH } };
    case 'directMail':
      return {
        fileName: 'direct-mail.csv',
        columns: [{ header: 'Profile', source: 'profile_id' }],
      };
    default:
      return assertNever(kind);
  }
}

/** A new activity of `kind` at `position`, with its kind's name as label. */
export function newActivity(
  kind: ActivityKind,
  id: string,
  label: string,
  position: { x: number; y: number },
): Activity {
  // configOf returns the configuration of `kind`; the pairing is by construction.
  return { id, kind, label, position, config: configOf(kind) } as Activity;
}
