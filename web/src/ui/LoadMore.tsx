import { Button, Center, Text } from '@mantine/core';

/** Cursor paging: loads the next page below the rows already shown. */
export function LoadMore({
  hasMore,
  loading,
  shown,
  onLoad,
}: {
  hasMore: boolean;
  loading: boolean;
  shown: number;
  onLoad: () => void;
}) {
  return (
    <Center mt="md">
      {hasMore ? (
        <Button variant="default" loading={loading} onClick={onLoad}>
          Load more
        </Button>
      ) : (
        <Text size="sm" c="dimmed">
          {shown === 1 ? 'Showing the only entry' : `Showing all ${shown} entries`}
        </Text>
      )}
    </Center>
  );
}
