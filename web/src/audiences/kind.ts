// What people call an audience by how it is made: a rule, an uploaded file, or a combination of
// other audiences (a rule whose conditions are all audiences).
import { assertNever } from '../../../src/platform/assert.ts';
import type { Audience } from '../api/audiences.ts';
import { isComposition } from './composition/composition.ts';

export type AudienceLook = 'rule' | 'upload' | 'composition';

export function lookOf(audience: Audience): AudienceLook {
  switch (audience.kind) {
    case 'rule':
      return isComposition(audience.rule) ? 'composition' : 'rule';
    case 'upload':
      return 'upload';
    default:
      return assertNever(audience);
  }
}

export const LOOK_LABELS: Record<AudienceLook, { label: string; color: string }> = {
  rule: { label: 'Rule', color: 'blue' },
  upload: { label: 'Upload', color: 'grape' },
  composition: { label: 'Composition', color: 'teal' },
};
