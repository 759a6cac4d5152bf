import { Button, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapQuestion size={32} />}
      withIndicatorBackground
      title="No such page"
      description="The address may be mistyped, or the page has moved."
    >
      <EmptyState.Actions>
        <Button component={Link} to="/" variant="light">
          Go to the home page
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
