// /campaigns/action: the campaigns as a list or as a calendar of their runs (?view=calendar).
import { Button, Paper, Tabs } from '@mantine/core';
import { IconCalendar, IconList, IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/session.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { CampaignCalendar } from './CampaignCalendar.tsx';
import { CampaignList } from './CampaignList.tsx';

export function CampaignsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'calendar' ? 'calendar' : 'list';
  const create = can('campaigns.write') && (
    <Button component={Link} to="/campaigns/new" leftSection={<IconPlus size={16} />}>
      New campaign
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Action campaigns"
        description="One-off and recurring sends to an audience, on one channel."
        action={create}
      />
      <Tabs
        value={view}
        onChange={(next) => setParams(next === 'calendar' ? { view: 'calendar' } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="list" leftSection={<IconList size={16} />}>
            List
          </Tabs.Tab>
          <Tabs.Tab value="calendar" leftSection={<IconCalendar size={16} />}>
            Calendar
          </Tabs.Tab>
        </Tabs.List>
        <Paper withBorder radius="md" p="md">
          <Tabs.Panel value="list">
            <CampaignList create={create} />
          </Tabs.Panel>
          <Tabs.Panel value="calendar">
            <CampaignCalendar />
          </Tabs.Panel>
        </Paper>
      </Tabs>
    </>
  );
}
