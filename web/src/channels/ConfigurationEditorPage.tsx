// /channels/configurations/new?channel=… starts a draft; /channels/configurations/:id opens one.
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router-dom';
import { getConfiguration, type Channel } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { ConfigurationEditor } from './ConfigurationEditor.tsx';
import { inputOf, starterInput } from './draft.ts';
import { configurationKey } from './useConfigurationActions.ts';

const channelOf = (value: string | null): Channel =>
  value === 'sms' || value === 'push' ? value : 'email';

export function NewConfigurationPage() {
  const [params] = useSearchParams();
  const channel = channelOf(params.get('channel'));
  return (
    <ConfigurationEditor key={channel} configuration={undefined} initial={starterInput(channel)} />
  );
}

export function ConfigurationPage() {
  const id = useParams().id ?? '';
  const { sandbox } = useSession();
  const configuration = useQuery({
    queryKey: configurationKey(sandbox, id),
    queryFn: () => getConfiguration(id),
  });
  if (configuration.isPending || configuration.isError)
    return <QueryState query={configuration} label="Loading the configuration" />;
  return (
    <ConfigurationEditor
      key={id}
      configuration={configuration.data}
      initial={inputOf(configuration.data)}
    />
  );
}
