import { Center, Loader } from '@mantine/core';
import { QueryError } from './QueryError.tsx';

/** What a page shows while its main query loads or after it failed. */
export function QueryState({
  query,
  label,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => Promise<unknown> };
  label: string;
}) {
  return query.isPending ? (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  ) : (
    <QueryError error={query.error} onRetry={() => void query.refetch()} />
  );
}
