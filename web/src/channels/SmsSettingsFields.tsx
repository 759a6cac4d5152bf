// SMS: the sender, the retry period and the provider (a Twilio-compatible API, an HTTP webhook or
// the local mailbox) with its credentials.
import { Input, SegmentedControl, Text } from '@mantine/core';
import { assertNever } from '../../../src/platform/assert.ts';
import type { SmsSettings } from '../api/channels.ts';
import { fieldId } from './fields.ts';
import { NumberField, Pair, Section, TextField, type FormContext } from './FormParts.tsx';

type Provider = SmsSettings['provider'];
type Kind = Provider['kind'];
const KINDS: { value: Kind; label: string }[] = [
  { value: 'mailbox', label: 'Local mailbox' },
  { value: 'twilio', label: 'Twilio-compatible API' },
  { value: 'webhook', label: 'HTTP webhook' },
];
const isKind = (value: string): value is Kind => KINDS.some((kind) => kind.value === value);

function starterProvider(kind: Kind): Provider {
  switch (kind) {
    case 'twilio':
      return { kind, baseUrl: 'https://api.twilio.com', accountSid: '' };
    case 'webhook':
      return { kind, url: '' };
    case 'mailbox':
      return { kind };
    default:
      return assertNever(kind);
  }
}

interface SmsFieldsProps {
  ctx: FormContext;
  settings: SmsSettings;
  onChange: (settings: SmsSettings, path: string) => void;
}

function ProviderFields({ ctx, settings, onChange }: SmsFieldsProps) {
  const provider = settings.provider;
  const at = (field: string) => `/settings/provider/${field}`;
  const set = (field: string, next: Provider) =>
    onChange({ ...settings, provider: next }, at(field));
  switch (provider.kind) {
    case 'mailbox':
      return (
        <Text size="sm" c="dimmed">
          Each SMS is kept in the Mailbox page as it would have been sent. Nothing leaves this
          machine.
        </Text>
      );
    case 'twilio':
      return (
        <Pair>
          <TextField
            ctx={ctx}
            path={at('baseUrl')}
            label="API base URL"
            required
            value={provider.baseUrl}
            onChange={(value) => set('baseUrl', { ...provider, baseUrl: value.trim() })}
          />
          <TextField
            ctx={ctx}
            path={at('accountSid')}
            label="Account SID"
            required
            value={provider.accountSid}
            onChange={(value) => set('accountSid', { ...provider, accountSid: value.trim() })}
          />
          {ctx.credential('authToken')}
        </Pair>
      );
    case 'webhook':
      return (
        <Pair>
          <TextField
            ctx={ctx}
            path={at('url')}
            label="URL"
            description="Clarion POSTs {to, from, body, messageId} as JSON here."
            required
            value={provider.url}
            onChange={(value) => set('url', { ...provider, url: value.trim() })}
          />
          {ctx.credential('webhookSecret')}
        </Pair>
      );
    default:
      return assertNever(provider);
  }
}

export function SmsSettingsFields(props: SmsFieldsProps) {
  const { ctx, settings, onChange } = props;
  return (
    <>
      <Section title="Sender and delivery">
        <Pair>
          <TextField
            ctx={ctx}
            path="/settings/senderNumber"
            label="Sender number"
            description="E.164 (+4915112345678) or up to 11 letters and digits."
            required
            value={settings.senderNumber}
            onChange={(value) =>
              onChange({ ...settings, senderNumber: value.trim() }, '/settings/senderNumber')
            }
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
      </Section>
      <Section title="Provider" description="Where the messages go.">
        <Input.Wrapper error={ctx.errors['/settings/provider']}>
          <SegmentedControl
            id={fieldId('/settings/provider')}
            aria-label="Provider"
            data={KINDS}
            value={settings.provider.kind}
            disabled={ctx.readOnly}
            onChange={(value) => {
              if (isKind(value) && value !== settings.provider.kind)
                onChange({ ...settings, provider: starterProvider(value) }, '/settings/provider');
            }}
          />
        </Input.Wrapper>
        <ProviderFields {...props} />
      </Section>
    </>
  );
}
