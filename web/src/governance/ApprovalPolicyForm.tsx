// An approval policy: which campaigns it covers (types, channels, tags, name, requesters) and
// who may approve them (users, roles), with the option to block approving one's own request.
import { Checkbox, Group, MultiSelect, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import type { ApprovalPolicy, ApprovalPolicyInput, PolicyMatch } from '../api/governance.ts';
import { CHANNEL_LABELS } from '../channels/labels.ts';
import { Pair, Section } from '../channels/FormParts.tsx';
import { CAMPAIGN_TYPES, type CampaignType } from '../../../src/governance/model.ts';
import { ApprovalPolicyInput as InputSchema } from '../../../src/governance/model.ts';
import { approvalPolicies } from '../api/governance.ts';
import { errorUnder } from './fieldErrors.ts';
import type { GovernanceFormProps } from './GovernanceEditorPage.tsx';
import { CHANNEL_OPTIONS, isChannel, UserPicker } from './inputs.tsx';
import type { GovernanceKind } from './kind.ts';
import { ROLE_DEFINITIONS } from '../../../src/platform/permissions.ts';
import { ROLE_OPTIONS } from './labels.ts';

export const TYPE_LABELS: Record<CampaignType, string> = {
  scheduled: 'Action (scheduled)',
  api: 'API-triggered',
};
const isType = (value: string): value is CampaignType =>
  CAMPAIGN_TYPES.some((type) => type === value);
const isRole = (value: string): value is ApprovalPolicyInput['approvers']['roles'][number] =>
  value in ROLE_DEFINITIONS;

export function ApprovalPolicyForm({
  value,
  onChange,
  errors,
  readOnly,
}: GovernanceFormProps<ApprovalPolicyInput>) {
  const match = (next: PolicyMatch, path: string) => onChange({ ...value, match: next }, path);
  const optional = <K extends keyof PolicyMatch>(key: K, next: PolicyMatch[K] | undefined) => {
    const copy = { ...value.match };
    if (next === undefined || (Array.isArray(next) && next.length === 0)) delete copy[key];
    else copy[key] = next;
    match(copy, `/match/${key}`);
  };
  return (
    <>
      <Section title="General">
        <TextInput
          label="Name"
          required
          value={value.name}
          error={errors['/name']}
          readOnly={readOnly}
          onChange={(event) => onChange({ ...value, name: event.currentTarget.value }, '/name')}
        />
      </Section>
      <Section
        title="Campaigns it covers"
        description="A campaign is covered when it meets every criterion given; leave one empty to match all."
      >
        <Pair>
          <Checkbox.Group
            label="Campaign types"
            value={value.match.types ?? []}
            error={errorUnder(errors, '/match/types')}
            readOnly={readOnly}
            onChange={(types) => optional('types', types.filter(isType))}
          >
            <Group mt={6}>
              {CAMPAIGN_TYPES.map((type) => (
                <Checkbox key={type} value={type} label={TYPE_LABELS[type]} disabled={readOnly} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group
            label="Channels"
            value={value.match.channels ?? []}
            error={errorUnder(errors, '/match/channels')}
            readOnly={readOnly}
            onChange={(channels) => optional('channels', channels.filter(isChannel))}
          >
            <Group mt={6}>
              {CHANNEL_OPTIONS.map((option) => (
                <Checkbox
                  key={option.value}
                  value={option.value}
                  label={option.label}
                  disabled={readOnly}
                />
              ))}
            </Group>
          </Checkbox.Group>
          <TagsInput
            label="Tags"
            description="The campaign carries at least one of them (press Enter after each)."
            value={value.match.tags ?? []}
            error={errorUnder(errors, '/match/tags')}
            readOnly={readOnly}
            onChange={(tags) => optional('tags', tags)}
          />
          <TextInput
            label="Name pattern"
            description="Case-insensitive; * stands for any text, e.g. Newsletter*"
            value={value.match.namePattern ?? ''}
            error={errors['/match/namePattern']}
            readOnly={readOnly}
            onChange={(event) => optional('namePattern', event.currentTarget.value || undefined)}
          />
        </Pair>
        <UserPicker
          label="Requested by"
          description="Only requests by these users; leave empty for anyone."
          value={value.match.requesters ?? []}
          error={errorUnder(errors, '/match/requesters')}
          readOnly={readOnly}
          onChange={(ids) => optional('requesters', ids)}
        />
      </Section>
      <Section
        title="Approvers"
        description="Any one of these users, or anyone holding one of these roles, may approve."
      >
        <Stack>
          <Pair>
            <UserPicker
              label="Users"
              value={value.approvers.users}
              error={errorUnder(errors, '/approvers/users')}
              readOnly={readOnly}
              onChange={(users) =>
                onChange({ ...value, approvers: { ...value.approvers, users } }, '/approvers')
              }
            />
            <MultiSelect
              label="Roles"
              data={ROLE_OPTIONS}
              value={value.approvers.roles}
              error={errorUnder(errors, '/approvers/roles') ?? errors['/approvers']}
              readOnly={readOnly}
              onChange={(roles) =>
                onChange(
                  { ...value, approvers: { ...value.approvers, roles: roles.filter(isRole) } },
                  '/approvers',
                )
              }
            />
          </Pair>
          <Switch
            label="Block self-approval: whoever requested approval cannot approve it"
            checked={value.blockSelfApproval}
            disabled={readOnly}
            onChange={(event) =>
              onChange(
                { ...value, blockSelfApproval: event.currentTarget.checked },
                '/blockSelfApproval',
              )
            }
          />
        </Stack>
      </Section>
    </>
  );
}

function matchSummary(policy: ApprovalPolicy): string {
  const parts: string[] = [];
  const { types, channels, tags, namePattern, requesters } = policy.match;
  if (types?.length) parts.push(types.map((type) => TYPE_LABELS[type]).join(' or '));
  if (channels?.length) parts.push(channels.map((channel) => CHANNEL_LABELS[channel]).join(' or '));
  if (tags?.length) parts.push(`tagged ${tags.join(', ')}`);
  if (namePattern) parts.push(`named ${namePattern}`);
  if (requesters?.length)
    parts.push(`requested by ${requesters.length} user${requesters.length === 1 ? '' : 's'}`);
  const approvers = [
    ...policy.approvers.roles.map((role) => ROLE_DEFINITIONS[role].title),
    ...(policy.approvers.users.length > 0
      ? [`${policy.approvers.users.length} user${policy.approvers.users.length === 1 ? '' : 's'}`]
      : []),
  ];
  return `${parts.length > 0 ? parts.join(' · ') : 'Every campaign'} → ${approvers.join(', ') || 'nobody'}`;
}

export const approvalPolicyKind: GovernanceKind<ApprovalPolicy, ApprovalPolicyInput> = {
  key: 'approval-policies',
  title: 'Approval policies',
  noun: 'approval policy',
  path: '/governance/approval-policies',
  description:
    'Campaigns a policy covers cannot be activated directly: they go to review, and one of its approvers must approve them.',
  emptyDescription:
    'Create a policy to route campaigns (by type, channel, tag, name or requester) to approvers before they go out.',
  activeMeaning: 'An active policy sends the campaigns it covers to review before activation.',
  api: approvalPolicies,
  schema: InputSchema,
  starter: () => ({
    name: '',
    match: {},
    approvers: { users: [], roles: ['campaignApprover'] },
    blockSelfApproval: false,
  }),
  inputOf: (policy) => ({
    name: policy.name,
    match: policy.match,
    approvers: policy.approvers,
    blockSelfApproval: policy.blockSelfApproval,
  }),
  summaryLabel: 'Covers → approvers',
  summary: matchSummary,
};
