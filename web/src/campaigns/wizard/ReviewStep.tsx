// Step 6: review to activate — the server's blocking errors and warnings, each with a link to
// the step that fixes it, a summary of the parts, and "Activate" or "Request approval".
import { Alert, Anchor, Badge, Button, Group, List, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconBolt, IconCircleCheck, IconSend } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { getReview, type Campaign, type ReviewProblem } from '../../api/campaigns.ts';
import { useSession } from '../../auth/session.ts';
import { Section } from '../../channels/FormParts.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { editPage, STEP_LABELS } from '../labels.ts';
import { PartsSummary } from '../PartsSummary.tsx';
import { useCampaignActions } from '../useCampaignActions.ts';

function ProblemItem({ campaign, problem }: { campaign: Campaign; problem: ReviewProblem }) {
  return (
    <List.Item
      icon={
        <IconAlertTriangle
          size={16}
          color={`var(--mantine-color-${problem.severity === 'error' ? 'red' : 'yellow'}-7)`}
        />
      }
    >
      <Text size="sm" span>
        {problem.message}{' '}
      </Text>
      <Anchor component={Link} to={editPage(campaign.id, problem.step)} size="sm">
        {`Fix in ${STEP_LABELS[problem.step]}`}
      </Anchor>
    </List.Item>
  );
}

export function ReviewStep({ campaign }: { campaign: Campaign }) {
  const { can, sandbox } = useSession();
  const review = useQuery({
    queryKey: ['campaigns', sandbox, campaign.id, 'review'],
    queryFn: () => getReview(campaign.id),
    // Every visit checks the campaign as it is now, never an earlier answer.
    gcTime: 0,
    staleTime: 0,
  });
  const act = useCampaignActions();
  if (review.isPending) return <Loader aria-label="Reviewing the campaign" />;
  if (review.isError)
    return <QueryError error={review.error} onRetry={() => void review.refetch()} />;
  const { problems, approvalRequired, policies, ready } = review.data;
  const blocking = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  const mayActivate = can('campaigns.activate') && !approvalRequired;
  const mayRequest = can('campaigns.write') && (approvalRequired || !can('campaigns.activate'));

  return (
    <Stack gap="lg">
      {blocking.length > 0 ? (
        <section aria-label="Blocking problems">
          <Alert
            color="red"
            variant="light"
            title={`${blocking.length} ${blocking.length === 1 ? 'problem blocks' : 'problems block'} activation`}
          >
            <List spacing={4}>
              {blocking.map((problem) => (
                <ProblemItem
                  key={`${problem.code}-${problem.path}`}
                  campaign={campaign}
                  problem={problem}
                />
              ))}
            </List>
          </Alert>
        </section>
      ) : (
        <Alert color="green" variant="light" icon={<IconCircleCheck />} title="Ready">
          Nothing blocks this campaign.
        </Alert>
      )}
      {warnings.length > 0 && (
        <section aria-label="Warnings">
          <Alert color="yellow" variant="light" title="Warnings">
            <List spacing={4}>
              {warnings.map((problem) => (
                <ProblemItem
                  key={`${problem.code}-${problem.path}`}
                  campaign={campaign}
                  problem={problem}
                />
              ))}
            </List>
          </Alert>
        </section>
      )}
      <Section title="Summary">
        <PartsSummary campaign={campaign} />
      </Section>
      {approvalRequired && (
        <Alert color="blue" variant="light" title="Approval needed">
          <Text size="sm">
            These approval policies cover this campaign; one of their approvers must approve it:
          </Text>
          <Group gap={6} mt={6}>
            {policies.map((policy) => (
              <Badge key={policy.id} variant="outline">
                {policy.name}
              </Badge>
            ))}
          </Group>
        </Alert>
      )}
      {campaign.status === 'draft' && (
        <Group justify="flex-end">
          {mayActivate && (
            <Button
              leftSection={<IconBolt size={16} />}
              disabled={!ready}
              loading={act.isPending}
              onClick={() => act.mutate({ campaign, verb: 'activate' })}
            >
              Activate
            </Button>
          )}
          {mayRequest && (
            <Button
              leftSection={<IconSend size={16} />}
              disabled={!ready}
              loading={act.isPending}
              onClick={() => act.mutate({ campaign, verb: 'request-approval' })}
            >
              Request approval
            </Button>
          )}
          {!mayActivate && !mayRequest && (
            <Text size="sm" c="dimmed">
              Your roles do not allow activating campaigns.
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
