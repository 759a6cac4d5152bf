import { EmptyState } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

/** What a page shows to someone whose roles do not allow it. */
export function NoAccess({ area, permission }: { area: string; permission: string }) {
  return (
    <EmptyState
      mt="xl"
      icon={<IconLock size={32} />}
      withIndicatorBackground
      title={`You do not have access to ${area}`}
      description={`This page needs the permission ${permission} in the current sandbox. Ask a Platform Administrator if you need it.`}
    />
  );
}
