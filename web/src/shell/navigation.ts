// The console's map: every area, where it lives and which permission opens it. The navigation,
// the routes of not-yet-built areas and the home page's links all read this one list.
import type { Permission } from '../../../src/platform/permissions.ts';

export interface NavItem {
  label: string;
  /** Page title, where the label alone would be ambiguous ("Templates" → "Content templates"). */
  title: string;
  path: string;
  permission: Permission;
  /** Built areas have their own route; the others get the "not available yet" page. */
  built: boolean;
  description: string;
}

export interface NavGroup {
  label: string;
  icon:
    | 'campaigns'
    | 'audiences'
    | 'profiles'
    | 'content'
    | 'channels'
    | 'governance'
    | 'reports'
    | 'admin';
  items: NavItem[];
}

const soon = (
  label: string,
  title: string,
  path: string,
  permission: Permission,
  description: string,
): NavItem => ({
  label,
  title,
  path,
  permission,
  built: false,
  description,
});

export const NAVIGATION: NavGroup[] = [
  {
    label: 'Campaigns',
    icon: 'campaigns',
    items: [
      {
        label: 'Action',
        title: 'Action campaigns',
        path: '/campaigns/action',
        permission: 'campaigns.read',
        built: true,
        description: 'One-off and recurring sends to an audience.',
      },
      {
        label: 'API-triggered',
        title: 'API-triggered campaigns',
        path: '/campaigns/api-triggered',
        permission: 'campaigns.read',
        built: true,
        description: 'Messages your systems trigger through the API.',
      },
      {
        label: 'Orchestrated',
        title: 'Orchestrated campaigns',
        path: '/campaigns/orchestrated',
        permission: 'orchestrated.read',
        built: true,
        description: 'Multi-step workflows across channels.',
      },
    ],
  },
  {
    label: 'Audiences',
    icon: 'audiences',
    items: [
      {
        label: 'Audiences',
        title: 'Audiences',
        path: '/audiences',
        permission: 'audiences.read',
        built: true,
        description: 'Who a campaign reaches: rules with a live count, snapshots.',
      },
    ],
  },
  {
    label: 'Profiles',
    icon: 'profiles',
    items: [
      {
        label: 'Profiles',
        title: 'Profiles',
        path: '/profiles',
        permission: 'profiles.read',
        built: true,
        description: 'People, their identities, attributes and consent; imports from files.',
      },
    ],
  },
  {
    label: 'Content',
    icon: 'content',
    items: [
      {
        label: 'Templates',
        title: 'Content templates',
        path: '/content/templates',
        permission: 'content.read',
        built: true,
        description: 'Reusable email, SMS and push content.',
      },
      {
        label: 'Fragments',
        title: 'Content fragments',
        path: '/content/fragments',
        permission: 'content.read',
        built: true,
        description: 'Shared blocks used inside templates.',
      },
    ],
  },
  {
    label: 'Channels',
    icon: 'channels',
    items: [
      {
        label: 'Configurations',
        title: 'Channel configurations',
        path: '/channels/configurations',
        permission: 'channels.read',
        built: true,
        description: 'Email, SMS and push providers.',
      },
      {
        label: 'Suppression list',
        title: 'Suppression list',
        path: '/channels/suppression',
        permission: 'channels.read',
        built: true,
        description: 'Addresses that must not receive messages.',
      },
      {
        label: 'Bounces & complaints',
        title: 'Bounces & complaints',
        path: '/channels/bounces',
        permission: 'reports.read',
        built: true,
        description: 'What receiving servers and providers reported about sent messages.',
      },
      {
        label: 'Mailbox',
        title: 'Mailbox',
        path: '/channels/mailbox',
        permission: 'channels.read',
        built: true,
        description: 'Messages caught by the local mailbox.',
      },
      {
        label: 'Feedback webhook',
        title: 'Feedback webhook',
        path: '/channels/feedback-webhook',
        permission: 'channels.read',
        built: true,
        description: 'Delivery events of API-triggered sends, POSTed to your endpoint.',
      },
    ],
  },
  {
    label: 'Governance',
    icon: 'governance',
    items: [
      {
        label: 'Approval policies',
        title: 'Approval policies',
        path: '/governance/approval-policies',
        permission: 'governance.read',
        built: true,
        description: 'Who must approve what before it goes out.',
      },
      {
        label: 'Business rules',
        title: 'Business rules',
        path: '/governance/business-rules',
        permission: 'governance.read',
        built: true,
        description: 'Frequency caps across campaigns.',
      },
      {
        label: 'Quiet hours',
        title: 'Quiet hours',
        path: '/governance/quiet-hours',
        permission: 'governance.read',
        built: true,
        description: 'When no messages are sent.',
      },
    ],
  },
  {
    label: 'Reports',
    icon: 'reports',
    items: [
      soon('Reports', 'Reports', '/reports', 'reports.read', 'Delivery and engagement over time.'),
    ],
  },
  {
    label: 'Administration',
    icon: 'admin',
    items: [
      {
        label: 'Users & roles',
        title: 'Users & roles',
        path: '/admin/users',
        permission: 'users.manage',
        built: true,
        description: 'Who can sign in, and what each person may do in each sandbox.',
      },
      {
        label: 'API keys',
        title: 'API keys',
        path: '/admin/api-keys',
        permission: 'apiKeys.manage',
        built: true,
        description: 'Credentials for systems that call the Clarion API in this sandbox.',
      },
      {
        label: 'Sandboxes',
        title: 'Sandboxes',
        path: '/admin/sandboxes',
        permission: 'sandboxes.manage',
        built: true,
        description: 'Separate spaces for production, testing and experiments.',
      },
      {
        label: 'Datasets',
        title: 'Datasets',
        path: '/admin/datasets',
        permission: 'profiles.read',
        built: true,
        description: 'Tables of your own data (orders, stores…) linked to profiles.',
      },
      {
        label: 'Audit log',
        title: 'Audit log',
        path: '/admin/audit',
        permission: 'audit.read',
        built: true,
        description: 'Every change: who made it, when, and what it was before and after.',
      },
    ],
  },
];

/** The groups and items a user may open. Groups with nothing left disappear entirely. */
export function visibleNavigation(can: (permission: Permission) => boolean): NavGroup[] {
  return NAVIGATION.map((group) => ({
    ...group,
    items: group.items.filter((item) => can(item.permission)),
  })).filter((group) => group.items.length > 0);
}
