// Push: the platform and app, the platform's keys, or the local mailbox instead of the platform.
import { Select, Switch, Text } from '@mantine/core';
import { assertNever } from '../../../src/platform/assert.ts';
import type { PushPlatform, PushSettings } from '../api/channels.ts';
import { fieldId } from './fields.ts';
import { NumberField, Pair, Section, TextField, type FormContext } from './FormParts.tsx';
import { PLATFORM_LABELS } from './labels.ts';

interface PushFieldsProps {
  ctx: FormContext;
  settings: PushSettings;
  onChange: (settings: PushSettings, path: string) => void;
}

const PLATFORMS = Object.entries(PLATFORM_LABELS).map(([value, label]) => ({ value, label }));
const isPlatform = (value: string | null): value is PushPlatform =>
  value !== null && value in PLATFORM_LABELS;

type Group<K extends 'apns' | 'fcm' | 'web'> = NonNullable<PushSettings[K]>;

/** Sets one field of an optional group; the group goes when all its fields are empty. */
function groupWith<K extends 'apns' | 'fcm' | 'web'>(
  settings: PushSettings,
  key: K,
  field: keyof Group<K>,
  value: string,
): PushSettings {
  const current: Record<string, string> = { ...settings[key] };
  if (value) current[field as string] = value;
  else delete current[field as string];
  const next: PushSettings = { ...settings };
  if (Object.keys(current).length === 0) delete next[key];
  // The schema checks the group's shape before anything is sent.
  else Object.assign(next, { [key]: current });
  return next;
}

function PlatformFields({ ctx, settings, onChange }: PushFieldsProps) {
  const field = <K extends 'apns' | 'fcm' | 'web'>(
    key: K,
    name: keyof Group<K> & string,
    label: string,
    extra: { required?: boolean; description?: string; placeholder?: string } = {},
  ) => (
    <TextField
      ctx={ctx}
      path={`/settings/${key}/${name}`}
      label={label}
      {...extra}
      value={(settings[key] as Record<string, string> | undefined)?.[name]}
      onChange={(value) =>
        onChange(groupWith(settings, key, name, value.trim()), `/settings/${key}`)
      }
    />
  );
  switch (settings.platform) {
    case 'apns':
    case 'apnsSandbox':
      return (
        <Pair>
          {field('apns', 'teamId', 'APNs team id', { required: !settings.mailbox })}
          {field('apns', 'keyId', 'APNs key id', { required: !settings.mailbox })}
          {field('apns', 'endpoint', 'APNs endpoint', {
            description: "Leave empty for Apple's own host.",
          })}
          {ctx.credential('apnsPrivateKey')}
        </Pair>
      );
    case 'fcm':
      return (
        <Pair>
          {field('fcm', 'endpoint', 'FCM endpoint', {
            description: 'Leave empty for https://fcm.googleapis.com.',
          })}
          {field('fcm', 'tokenUrl', 'FCM token URL', {
            description: "Leave empty for the service account's token_uri.",
          })}
          {ctx.credential('fcmServiceAccount')}
        </Pair>
      );
    case 'web':
      return (
        <Pair>
          {field('web', 'subject', 'VAPID subject', {
            required: !settings.mailbox,
            placeholder: 'mailto:push@shop.example.com',
          })}
          {field('web', 'publicKey', 'VAPID public key', { required: !settings.mailbox })}
          {ctx.credential('vapidPrivateKey')}
        </Pair>
      );
    default:
      return assertNever(settings.platform);
  }
}

export function PushSettingsFields(props: PushFieldsProps) {
  const { ctx, settings, onChange } = props;
  return (
    <>
      <Section title="App and delivery">
        <Pair>
          <Select
            id={fieldId('/settings/platform')}
            label="Platform"
            data={PLATFORMS}
            value={settings.platform}
            allowDeselect={false}
            readOnly={ctx.readOnly}
            error={ctx.errors['/settings/platform']}
            onChange={(value) => {
              if (isPlatform(value))
                onChange({ ...settings, platform: value }, '/settings/platform');
            }}
          />
          <TextField
            ctx={ctx}
            path="/settings/appId"
            label="App id"
            description="The bundle id (iOS), package name (Android) or site's app id."
            required
            value={settings.appId}
            onChange={(value) => onChange({ ...settings, appId: value.trim() }, '/settings/appId')}
          />
          <NumberField
            ctx={ctx}
            path="/settings/retryPeriodMinutes"
            label="Retry period"
            description="How long temporary failures are retried (10–5040 minutes)."
            suffix=" min"
            min={10}
            max={5040}
            required
            value={settings.retryPeriodMinutes}
            onChange={(value) =>
              onChange({ ...settings, retryPeriodMinutes: value }, '/settings/retryPeriodMinutes')
            }
          />
        </Pair>
        <Switch
          id={fieldId('/settings/mailbox')}
          label="Capture in the local mailbox"
          description="Keep each notification in the Mailbox page instead of sending it to the platform; no keys are needed."
          checked={settings.mailbox ?? false}
          disabled={ctx.readOnly}
          onChange={(event) => {
            const next = { ...settings };
            if (event.currentTarget.checked) next.mailbox = true;
            else delete next.mailbox;
            onChange(next, '/settings/mailbox');
          }}
        />
      </Section>
      <Section
        title={`${PLATFORM_LABELS[settings.platform]} keys`}
        description={
          settings.mailbox
            ? 'Not used while notifications are captured in the local mailbox.'
            : 'What the platform needs to accept notifications from Clarion.'
        }
      >
        <PlatformFields {...props} />
        {settings.platform === 'web' && (
          <Text size="xs" c="dimmed">
            Generate a key pair with <code>npx web-push generate-vapid-keys</code>.
          </Text>
        )}
      </Section>
    </>
  );
}
