// What the rule builder and the rule summary pick names from: attribute paths, datasets,
// subscription lists and the other audiences of the sandbox.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  allAudiences,
  audienceAttributes,
  listSubscriptionLists,
  type Audience,
  type AttributeInfo,
  type SubscriptionList,
} from '../api/audiences.ts';
import { listDatasets, type Dataset } from '../api/datasets.ts';
import { useSession } from '../auth/session.ts';

export interface BuilderData {
  attributes: AttributeInfo[];
  datasets: Dataset[];
  lists: SubscriptionList[];
  audiences: Audience[];
}

export function useBuilderData(options: { attributes: boolean }) {
  const { sandbox } = useSession();
  const attributes = useQuery({
    queryKey: ['audience-attributes', sandbox],
    queryFn: audienceAttributes,
    enabled: options.attributes,
    staleTime: 60_000,
  });
  const datasets = useQuery({ queryKey: ['datasets', sandbox], queryFn: listDatasets });
  const lists = useQuery({
    queryKey: ['subscription-lists', sandbox],
    queryFn: listSubscriptionLists,
  });
  const audiences = useQuery({ queryKey: ['audiences', sandbox, 'all'], queryFn: allAudiences });
  const queries = [datasets, lists, audiences, ...(options.attributes ? [attributes] : [])];
  const failed = queries.find((q) => q.isError);
  const data = useMemo<BuilderData | undefined>(
    () =>
      datasets.data && lists.data && audiences.data && (attributes.data || !options.attributes)
        ? {
            attributes: attributes.data?.items ?? [],
            datasets: datasets.data.items,
            lists: lists.data.items,
            audiences: audiences.data,
          }
        : undefined,
    [datasets.data, lists.data, audiences.data, attributes.data, options.attributes],
  );
  return {
    data,
    error: failed?.error ?? null,
    retry: () => queries.forEach((q) => void q.refetch()),
  };
}
