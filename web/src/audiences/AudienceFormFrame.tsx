// The page every audience editor is: title, name and description, the editor's own section,
// save and cancel, and the live count beside it.
import { Alert, Box, Button, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { PageHeader } from '../ui/PageHeader.tsx';
import { LivePanel } from './LivePanel.tsx';
import { NameFields } from './NameFields.tsx';
import type { AudienceEditing } from './useAudienceEditing.ts';

export function AudienceFormFrame({
  editing,
  title,
  description,
  children,
}: {
  editing: AudienceEditing;
  title: string;
  description: string;
  children: ReactNode;
}) {
  const { audience } = editing;
  return (
    <form onSubmit={editing.submit} noValidate>
      <PageHeader title={audience ? `Edit ${audience.name}` : title} description={description} />
      {editing.general && (
        <Alert color="red" role="alert" title="The audience was not saved" mb="md" maw={900}>
          {editing.general}
        </Alert>
      )}
      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <Paper withBorder radius="md" p="lg">
              <NameFields
                name={editing.name}
                description={editing.description}
                errors={editing.errors}
                onName={editing.setName}
                onDescription={editing.setDescription}
              />
            </Paper>
            {children}
            <Group>
              <Button type="submit" loading={editing.saving}>
                {audience ? 'Save changes' : 'Save audience'}
              </Button>
              <Button
                variant="default"
                component={Link}
                to={audience ? `/audiences/${audience.id}` : '/audiences'}
              >
                Cancel
              </Button>
              {editing.blocked && (
                <Text size="sm" c="red">
                  Fix the fields marked in red first.
                </Text>
              )}
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Box pos="sticky" top={76}>
            <LivePanel
              evaluation={editing.evaluation}
              problemCount={editing.problemCount}
              problemsShown={editing.showProblems}
              onShowProblems={editing.showAllProblems}
            />
          </Box>
        </Grid.Col>
      </Grid>
    </form>
  );
}
