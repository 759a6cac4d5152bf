// Create (/audiences/new) and edit (/audiences/:id/edit): loads what the builder needs, then
// hands a fresh form the audience as it is stored.
import { Anchor, Breadcrumbs, Center, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { getAudience } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { AudienceForm } from './AudienceForm.tsx';
import { useBuilderData } from './useBuilderData.ts';

export function AudienceEditorPage() {
  const id = useParams().id;
  const { sandbox } = useSession();
  const builder = useBuilderData({ attributes: true });
  const audience = useQuery({
    queryKey: ['audience', sandbox, id],
    queryFn: () => getAudience(id ?? ''),
    enabled: id !== undefined,
  });

  const crumbs = (
    <Breadcrumbs mb="md">
      <Anchor component={Link} to="/audiences" size="sm">
        Audiences
      </Anchor>
      {id && audience.data && (
        <Anchor component={Link} to={`/audiences/${id}`} size="sm">
          {audience.data.name}
        </Anchor>
      )}
      <Text size="sm">{id ? 'Edit' : 'Create audience'}</Text>
    </Breadcrumbs>
  );
  const error = (id ? audience.error : null) ?? builder.error;
  if (error)
    return (
      <>
        {crumbs}
        <QueryError
          error={error}
          onRetry={() => {
            builder.retry();
            if (id) void audience.refetch();
          }}
        />
      </>
    );
  if (!builder.data || (id && !audience.data))
    return (
      <>
        {crumbs}
        <Center py="xl">
          <Loader aria-label="Loading the rule builder" />
        </Center>
      </>
    );
  return (
    <>
      {crumbs}
      <AudienceForm
        key={audience.data ? `${audience.data.id}:${audience.data.version}` : 'new'}
        audience={id ? audience.data : undefined}
        data={builder.data}
      />
    </>
  );
}
