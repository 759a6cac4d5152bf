// An uploaded audience's members in file order: the line each came from, its profile, and one
// column per column of the file kept with the member. Paged with the API's cursor.
import { Anchor, Center, Loader, Paper, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { listUploadMembers } from '../../api/audienceUploads.ts';
import type { UploadAudience } from '../../api/audiences.ts';
import { useSession } from '../../auth/session.ts';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { QueryError } from '../../ui/QueryError.tsx';

export function UploadMembersPanel({ audience }: { audience: UploadAudience }) {
  const { sandbox } = useSession();
  const members = useInfiniteQuery({
    queryKey: ['audience-members', sandbox, audience.id, audience.version],
    queryFn: ({ pageParam }) => listUploadMembers(audience.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = members.data?.pages.flatMap((page) => page.items) ?? [];
  const columns = audience.upload.attributeColumns;

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="file-members-title">
      <Title order={3} size="h4" mb="sm" id="file-members-title">
        Members of the file
      </Title>
      {members.isPending ? (
        <Center py="md">
          <Loader size="sm" aria-label="Loading members" />
        </Center>
      ) : members.isError ? (
        <QueryError error={members.error} onRetry={() => void members.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No members yet.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={240 + columns.length * 140}>
            <Table verticalSpacing={6} fz="sm" aria-label="Members of the file" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={60} ta="right">
                    Line
                  </Table.Th>
                  <Table.Th>Profile</Table.Th>
                  {columns.map((column) => (
                    <Table.Th key={column} ff="monospace">
                      {column}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((member) => (
                  <Table.Tr key={member.line}>
                    <Table.Td ta="right" c="dimmed">
                      {member.line}
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/profiles/${member.profileId}`}
                        size="sm"
                        ff="monospace"
                        title={member.profileId}
                        aria-label={`${member.profileId.slice(0, 8)}, profile of line ${member.line}`}
                      >
                        {member.profileId.slice(0, 8)}
                      </Anchor>
                    </Table.Td>
                    {columns.map((column) => (
                      <Table.Td key={column}>{member.attributes[column] ?? ''}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            hasMore={members.hasNextPage}
            loading={members.isFetchingNextPage}
            shown={rows.length}
            onLoad={() => void members.fetchNextPage()}
          />
        </>
      )}
    </Paper>
  );
}
