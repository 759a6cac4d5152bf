// A month of campaign runs: past and planned runs of every campaign, by day, in the viewer's
// time zone. Each entry opens its campaign.
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { campaignCalendar, type CalendarEntry } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { campaignPage, statusLook } from './labels.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

const dayKey = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The 6 weeks shown for a month, from the Monday on or before its first day. */
function gridOf(month: Date): Date[] {
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const start = new Date(first);
  start.setDate(1 - ((first.getDay() + 6) % 7));
  return Array.from({ length: 42 }, (_unused, index) => {
    const day = new Date(start);
    day.setDate(start.getDate() + index);
    return day;
  });
}

function entryColor(entry: CalendarEntry): string {
  if (entry.runStatus === 'failed') return 'red';
  if (entry.runStatus === 'sending') return 'green';
  if (entry.runStatus === 'completed') return 'teal';
  if (entry.runStatus === 'cancelled') return 'gray';
  return statusLook(entry.status).color;
}

export function CampaignCalendar() {
  const { sandbox } = useSession();
  const [month, setMonth] = useState(() => {
    const now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), 1);
  });
  const days = gridOf(month);
  const from = days[0]!;
  const to = new Date(days[days.length - 1]!);
  to.setDate(to.getDate() + 1);
  const calendar = useQuery({
    queryKey: ['campaigns', sandbox, 'calendar', from.toISOString(), to.toISOString()],
    queryFn: () => campaignCalendar(from.toISOString(), to.toISOString()),
  });
  const byDay = new Map<string, CalendarEntry[]>();
  for (const entry of calendar.data?.items ?? []) {
    const key = dayKey(new Date(entry.at));
    byDay.set(key, [...(byDay.get(key) ?? []), entry]);
  }
  const today = dayKey(new Date());
  const shift = (months: number) =>
    setMonth(new Date(month.getFullYear(), month.getMonth() + months, 1));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="xs">
          <ActionIcon variant="default" aria-label="Previous month" onClick={() => shift(-1)}>
            <IconChevronLeft size={16} />
          </ActionIcon>
          <ActionIcon variant="default" aria-label="Next month" onClick={() => shift(1)}>
            <IconChevronRight size={16} />
          </ActionIcon>
          <Text fw={600} aria-live="polite">
            {MONTH.format(month)}
          </Text>
        </Group>
        <Button
          variant="subtle"
          size="xs"
          onClick={() => {
            const now = new Date();
            setMonth(new Date(now.getFullYear(), now.getMonth(), 1));
          }}
        >
          Today
        </Button>
      </Group>
      {calendar.isError && (
        <QueryError error={calendar.error} onRetry={() => void calendar.refetch()} />
      )}
      <Box pos="relative">
        {calendar.isPending && (
          <Center pos="absolute" inset={0} style={{ zIndex: 1 }}>
            <Loader aria-label="Loading the calendar" />
          </Center>
        )}
        <SimpleGrid
          cols={7}
          spacing={4}
          verticalSpacing={4}
          role="grid"
          aria-label="Campaign calendar"
        >
          {WEEKDAYS.map((name) => (
            <Text key={name} size="xs" c="dimmed" fw={600} ta="center" role="columnheader">
              {name}
            </Text>
          ))}
          {days.map((day) => {
            const key = dayKey(day);
            const entries = byDay.get(key) ?? [];
            const inMonth = day.getMonth() === month.getMonth();
            return (
              <Paper
                key={key}
                withBorder
                radius="sm"
                p={4}
                mih={96}
                role="gridcell"
                aria-label={key}
                bg={key === today ? 'blue.0' : inMonth ? 'white' : 'gray.0'}
              >
                <Text size="xs" c={inMonth ? undefined : 'dimmed'} fw={key === today ? 700 : 400}>
                  {day.getDate()}
                </Text>
                <Stack gap={2} mt={2}>
                  {entries.slice(0, 4).map((entry) => (
                    <Tooltip
                      key={`${entry.campaignId}-${entry.runNo ?? 'next'}-${entry.at}`}
                      label={`${entry.name} · ${statusLook(entry.status).label}${
                        entry.runNo ? ` · run ${entry.runNo}` : ''
                      }${entry.runStatus ? ` (${entry.runStatus})` : ''}`}
                      withArrow
                    >
                      <Anchor
                        component={Link}
                        to={campaignPage(entry.campaignId)}
                        size="xs"
                        c={`${entryColor(entry)}.8`}
                        bg={`${entryColor(entry)}.0`}
                        px={4}
                        style={{
                          borderRadius: 3,
                          whiteSpace: 'nowrap',
                          overflow: 'hidden',
                          textOverflow: 'ellipsis',
                          display: 'block',
                        }}
                      >
                        {TIME.format(new Date(entry.at))} {entry.name}
                      </Anchor>
                    </Tooltip>
                  ))}
                  {entries.length > 4 && (
                    <Text size="xs" c="dimmed">
                      +{entries.length - 4} more
                    </Text>
                  )}
                </Stack>
              </Paper>
            );
          })}
        </SimpleGrid>
      </Box>
    </Stack>
  );
}
