// The problems of the content being edited, each with its place; a click takes the editor there.
import { Alert, List, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TemplateProblem } from '../api/content.ts';
import { describeProblem } from './drafts.ts';

const FIELD_NAMES: Record<string, string> = {
  subject: 'Subject',
  preheader: 'Preheader',
  body: 'Body',
  text: 'Plain text',
  senderName: 'Sender name',
  replyTo: 'Reply-to',
  title: 'Title',
  imageUrl: 'Image URL',
  url: 'Link',
  data: 'Custom data',
};

function fieldOf(path: string): string {
  const field = path.replace(/^\/content\//, '').split('/')[0] ?? path;
  return FIELD_NAMES[field] ?? path;
}

export function ProblemList({
  problems,
  onReveal,
}: {
  problems: readonly TemplateProblem[];
  onReveal?: (problem: TemplateProblem) => void;
}) {
  if (problems.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={16} />}
      title={problems.length === 1 ? '1 problem' : `${problems.length} problems`}
      role="alert"
      data-testid="content-problems"
    >
      <List size="sm" spacing={2} listStyleType="none">
        {problems.map((problem, index) => (
          <List.Item key={`${problem.path}-${index}`}>
            <UnstyledButton
              onClick={() => onReveal?.(problem)}
              style={{ fontSize: 'var(--mantine-font-size-sm)', textAlign: 'left' }}
            >
              <b>{fieldOf(problem.path)}</b> — {describeProblem(problem)}
            </UnstyledButton>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
