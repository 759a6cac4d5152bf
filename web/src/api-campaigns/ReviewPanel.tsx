// The review of an API-triggered campaign draft: what blocks activation, with links to the fields.
import { Alert, Anchor, Badge, Group, List, Loader, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ReviewProblem } from '../api/campaigns.ts';
import { SECTIONS } from './draft.ts';

export function ReviewPanel({
  pending,
  problems,
  blocking,
  approvalRequired,
  policies,
  onFix,
}: {
  pending: boolean;
  problems: ReviewProblem[];
  blocking: number;
  approvalRequired: boolean;
  policies: { id: string; name: string }[];
  onFix: (step: ReviewProblem['step']) => void;
}) {
  return (
    <section aria-label="Review">
      <Title order={4} mb="sm">
        Review
      </Title>
      {pending ? (
        <Loader size="sm" aria-label="Reviewing the campaign" />
      ) : blocking > 0 ? (
        <Alert
          color="red"
          variant="light"
          title={`${blocking} ${blocking === 1 ? 'problem blocks' : 'problems block'} activation`}
        >
          <List spacing={4}>
            {problems.map((problem) => (
              <List.Item
                key={`${problem.code}-${problem.path}`}
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
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => onFix(problem.step)}
                >
                  {`Fix in ${SECTIONS[problem.step].label}`}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="green" variant="light" icon={<IconCircleCheck />} title="Ready">
          Nothing blocks this campaign.
          {approvalRequired && (
            <Group gap={6} mt={6}>
              <Text size="sm">Approval needed:</Text>
              {policies.map((policy) => (
                <Badge key={policy.id} variant="outline">
                  {policy.name}
                </Badge>
              ))}
            </Group>
          )}
        </Alert>
      )}
    </section>
  );
}
