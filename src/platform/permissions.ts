// The built-in roles and what each may do: the one table that every route check reads.
// Imported by the web console too, so it must stay free of server-only imports.

export const PERMISSIONS = [
  'campaigns.read',
  'campaigns.write',
  'campaigns.activate',
  'campaigns.approve',
  'orchestrated.read',
  'orchestrated.write',
  'orchestrated.publish',
  'orchestrated.approve',
  'reports.read',
  'audiences.read',
  'audiences.write',
  'profiles.read',
  'profiles.write',
  'content.read',
  'content.write',
  'channels.read',
  'channels.write',
  'governance.read',
  'governance.write',
  'audit.read',
  'users.manage',
  'sandboxes.manage',
  'apiKeys.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'campaignAdministrator',
  'campaignApprover',
  'campaignManager',
  'campaignViewer',
  'orchestratedCampaignAdministrator',
  'orchestratedCampaignApprover',
  'orchestratedCampaignManager',
  'orchestratedCampaignViewer',
  'platformAdministrator',
] as const;
export type Role = (typeof ROLES)[number];

const READ_SHARED: Permission[] = [
  'reports.read',
  'audiences.read',
  'profiles.read',
  'content.read',
  'channels.read',
  'governance.read',
];
const MANAGE_SHARED: Permission[] = [...READ_SHARED, 'content.write'];
const ADMIN_SHARED: Permission[] = [
  ...MANAGE_SHARED,
  'audiences.write',
  'profiles.write',
  'channels.write',
  'governance.write',
  'audit.read',
];

export interface RoleDefinition {
  title: string;
  description: string;
  /** Global roles hold in every sandbox; the others are assigned per sandbox. */
  global: boolean;
  permissions: readonly Permission[];
}

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  campaignViewer: {
    title: 'Campaign Viewer',
    description: 'Reads action and API-triggered campaigns and their reports.',
    global: false,
    permissions: ['campaigns.read', ...READ_SHARED],
  },
  campaignManager: {
    title: 'Campaign Manager',
    description: 'Creates, edits and deletes campaigns; cannot activate them.',
    global: false,
    permissions: ['campaigns.read', 'campaigns.write', ...MANAGE_SHARED],
  },
  campaignApprover: {
    title: 'Campaign Approver',
    description: 'Everything a manager does, plus activating and approving campaigns.',
    global: false,
    permissions: [
      'campaigns.read',
      'campaigns.write',
      'campaigns.activate',
      'campaigns.approve',
      ...MANAGE_SHARED,
    ],
  },
  campaignAdministrator: {
    title: 'Campaign Administrator',
    description:
      'Everything an approver does, plus channels, business rules, suppression, audiences and data.',
    global: false,
    permissions: [
      'campaigns.read',
      'campaigns.write',
      'campaigns.activate',
      'campaigns.approve',
      ...ADMIN_SHARED,
    ],
  },
  orchestratedCampaignViewer: {
    title: 'Orchestrated Campaign Viewer',
    description: 'Reads orchestrated campaigns and their reports.',
    global: false,
    permissions: ['orchestrated.read', ...READ_SHARED],
  },
  orchestratedCampaignManager: {
    title: 'Orchestrated Campaign Manager',
    description: 'Creates, edits and deletes orchestrated campaigns; cannot publish them.',
    global: false,
    permissions: ['orchestrated.read', 'orchestrated.write', ...MANAGE_SHARED],
  },
  orchestratedCampaignApprover: {
    title: 'Orchestrated Campaign Approver',
    description: 'Everything a manager does, plus publishing and approving orchestrated campaigns.',
    global: false,
    permissions: [
      'orchestrated.read',
      'orchestrated.write',
      'orchestrated.publish',
      'orchestrated.approve',
      ...MANAGE_SHARED,
    ],
  },
  orchestratedCampaignAdministrator: {
    title: 'Orchestrated Campaign Administrator',
    description:
      'Everything an approver does, plus channels, business rules, suppression, audiences and data.',
    global: false,
    permissions: [
      'orchestrated.read',
      'orchestrated.write',
      'orchestrated.publish',
      'orchestrated.approve',
      ...ADMIN_SHARED,
    ],
  },
  platformAdministrator: {
    title: 'Platform Administrator',
    description:
      'Manages users, roles, sandboxes and API keys; holds every permission in every sandbox.',
    global: true,
    permissions: PERMISSIONS,
  },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: Iterable<Role>): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles)
    for (const permission of ROLE_DEFINITIONS[role].permissions) granted.add(permission);
  return granted;
}
