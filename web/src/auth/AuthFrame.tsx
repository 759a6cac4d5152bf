import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** The centred card the public pages (sign-in, invitation) sit in. */
export function AuthFrame({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack w="100%" maw={420} gap="lg">
        <Group gap={10} justify="center">
          <ThemeIcon size={40} radius="md">
            <IconSpeakerphone size={22} />
          </ThemeIcon>
          <Text fw={700} size="xl">
            Clarion
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Title order={1} size="h3">
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" mt={4}>
              {subtitle}
            </Text>
          )}
          <Stack mt="lg">{children}</Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
