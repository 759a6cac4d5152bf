import { Badge } from '@mantine/core';
import type { Channel, ConsentStatus } from '../api/profiles.ts';

export const CHANNEL_TITLES: Record<Channel, string> = { email: 'Email', sms: 'SMS', push: 'Push' };

const LOOK: Record<ConsentStatus, { color: string; label: string }> = {
  y: { color: 'green', label: 'Opted in' },
  n: { color: 'red', label: 'Opted out' },
  unknown: { color: 'gray', label: 'Unknown' },
};

/** A consent status; with a channel, the badge names it ("Email: opted in"). */
export function ConsentBadge({ status, channel }: { status: ConsentStatus; channel?: Channel }) {
  const look = LOOK[status];
  const label = channel ? `${CHANNEL_TITLES[channel]}: ${look.label.toLowerCase()}` : look.label;
  return (
    <Badge miw="max-content" color={look.color} variant="light" tt="none">
      {label}
    </Badge>
  );
}
