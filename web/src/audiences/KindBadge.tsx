import { Badge } from '@mantine/core';
import type { Audience } from '../api/audiences.ts';
import { LOOK_LABELS, lookOf } from './kind.ts';

/** Rule, Upload or Composition. */
export function KindBadge({ audience }: { audience: Audience }) {
  const look = LOOK_LABELS[lookOf(audience)];
  return (
    <Badge variant="light" color={look.color} tt="none" miw="max-content">
      {look.label}
    </Badge>
  );
}
