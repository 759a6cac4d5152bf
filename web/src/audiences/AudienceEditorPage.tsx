// Create (/audiences/new, /audiences/new/combination) and edit (/audiences/:id/edit): loads what
// the editors need, then hands a fresh form the audience as it is stored. A saved combination
// opens in the combination screen (?builder=rule opens it in the rule builder); an uploaded
// audience is changed on its own page.
import { Alert, Anchor, Breadcrumbs, Center, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { assertNever } from '../../../src/platform/assert.ts';
import { getAudience, type Audience } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { AudienceForm } from './AudienceForm.tsx';
import { CompositionForm } from './composition/CompositionForm.tsx';
import { isComposition } from './composition/composition.ts';
import { useBuilderData, type BuilderData } from './useBuilderData.ts';

type Editor = 'rule' | 'composition';

function EditorOf({
  audience,
  data,
  forced,
}: {
  audience: Audience;
  data: BuilderData;
  forced: Editor | null;
}) {
  const key = `${audience.id}:${audience.version}`;
  switch (audience.kind) {
    case 'rule':
      return (forced ?? (isComposition(audience.rule) ? 'composition' : 'rule')) ===
        'composition' ? (
        <CompositionForm key={key} audience={audience} data={data} />
      ) : (
        <AudienceForm key={key} audience={audience} data={data} />
      );
    case 'upload':
      return (
        <Alert color="blue" title="Uploaded audiences are changed on their page" maw={720}>
          Its members come from its file: on{' '}
          <Anchor component={Link} to={`/audiences/${audience.id}`} size="sm">
            the audience's page
          </Anchor>{' '}
          you can upload a new file or rename it.
        </Alert>
      );
    default:
      return assertNever(audience);
  }
}

export function AudienceEditorPage({ editor }: { editor?: Editor }) {
  const id = useParams().id;
  const [search] = useSearchParams();
  const { sandbox } = useSession();
  const builder = useBuilderData({ attributes: editor !== 'composition' });
  const audience = useQuery({
    queryKey: ['audience', sandbox, id],
    queryFn: () => getAudience(id ?? ''),
    enabled: id !== undefined,
  });
  const newTitle = editor === 'composition' ? 'Combine audiences' : 'Create audience';

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
      <Text size="sm">{id ? 'Edit' : newTitle}</Text>
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
      {id && audience.data ? (
        <EditorOf
          audience={audience.data}
          data={builder.data}
          forced={search.get('builder') === 'rule' ? 'rule' : null}
        />
      ) : editor === 'composition' ? (
        <CompositionForm data={builder.data} />
      ) : (
        <AudienceForm data={builder.data} />
      )}
    </>
  );
}
