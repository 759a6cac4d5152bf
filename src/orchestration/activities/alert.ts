// Not built yet: replaced by the activity's implementation.
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';

export function runAlert(_context: ActivityContext<'alert'>): Promise<ActivityOutcome> {
  throw new AppError('ACTIVITY_NOT_AVAILABLE', 'This activity is not available yet.');
}
