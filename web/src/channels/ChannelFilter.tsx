// The "All / Email / SMS / Push" filter above the channel lists; null stands for every channel.
import { SegmentedControl } from '@mantine/core';
import type { Channel } from '../api/channels.ts';
import { CHANNEL_LABELS } from './labels.ts';

const CHANNELS = ['email', 'sms', 'push'] as const;
const isChannel = (value: string): value is Channel => CHANNELS.some((c) => c === value);

export function ChannelFilter(props: {
  value: Channel | null;
  onChange: (channel: Channel | null) => void;
  size?: string;
  fullWidth?: boolean;
}) {
  return (
    <SegmentedControl
      aria-label="Channel"
      size={props.size}
      fullWidth={props.fullWidth}
      value={props.value ?? 'all'}
      onChange={(value) => props.onChange(isChannel(value) ? value : null)}
      data={[
        { value: 'all', label: 'All' },
        ...CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] })),
      ]}
    />
  );
}
