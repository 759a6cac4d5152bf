// What every wizard step gets from the wizard around it, and how it hands back its edits.
import { useEffect } from 'react';
import type { Campaign, CampaignPatch } from '../../api/campaigns.ts';
import type { FieldErrors } from '../../api/forms.ts';

export interface StepProps {
  campaign: Campaign;
  /** Problems at the campaign's JSON pointers (`/name`, `/schedule/startAt`…). */
  errors: FieldErrors;
  readOnly: boolean;
  /** The step's unsaved edits as a patch (null when nothing changed), read when leaving it. */
  bind: (pending: () => CampaignPatch | null) => void;
  /** Forgets the problems at and under a path once its field is edited. */
  clear: (path: string) => void;
}

/** Registers the step's pending patch with the wizard after every render. */
export function usePending(bind: StepProps['bind'], pending: () => CampaignPatch | null): void {
  useEffect(() => bind(pending));
}

/** The patch of one part when it differs from the stored one. */
export function changed<K extends keyof CampaignPatch>(
  key: K,
  stored: unknown,
  next: CampaignPatch[K],
): CampaignPatch | null {
  return JSON.stringify(stored) === JSON.stringify(next) ? null : { [key]: next };
}
