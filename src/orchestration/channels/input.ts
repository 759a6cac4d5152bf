// The one population a channel or direct-mail activity works on.
import { AppError } from '../../platform/errors.ts';
import type { ActivityInput, Worktable } from '../engine/types.ts';

export function populationOf(inputs: ActivityInput[]): Worktable {
  const worktable = inputs[0]?.worktable;
  if (inputs.length !== 1 || !worktable)
    throw new AppError('ACTIVITY_FAILED', 'This activity needs exactly one incoming population.');
  return worktable;
}
