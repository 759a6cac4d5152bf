// The audiences of the sandbox as choices, for the audience step and targeting rules.
import { useQuery } from '@tanstack/react-query';
import { listAudiences } from '../../api/audiences.ts';
import { useSession } from '../../auth/session.ts';

export function useAudienceOptions() {
  const { sandbox } = useSession();
  const audiences = useQuery({
    queryKey: ['audiences', sandbox, 'list', 'campaign-options'],
    queryFn: () => listAudiences('', undefined),
  });
  return {
    loading: audiences.isPending,
    error: audiences.isError,
    options: (audiences.data?.items ?? []).map((item) => ({ value: item.id, label: item.name })),
  };
}
