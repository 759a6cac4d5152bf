// Email: DKIM signing and the provider that carries the messages (SMTP, an HTTP API, or the local
// mailbox), each with the credentials it needs.
import { Input, SegmentedControl, Select, Text } from '@mantine/core';
import { assertNever } from '../../../src/platform/assert.ts';
import type { EmailSettings } from '../api/channels.ts';
import { optional } from './draft.ts';
import type { EmailFieldsProps } from './EmailSettingsFields.tsx';
import { fieldId } from './fields.ts';
import { NumberField, Pair, Section, TextField } from './FormParts.tsx';

type Provider = EmailSettings['provider'];
type Kind = Provider['kind'];
const KINDS: { value: Kind; label: string }[] = [
  { value: 'mailbox', label: 'Local mailbox' },
  { value: 'smtp', label: 'SMTP' },
  { value: 'http', label: 'HTTP email API' },
];
const isKind = (value: string): value is Kind => KINDS.some((kind) => kind.value === value);

function starterProvider(kind: Kind): Provider {
  switch (kind) {
    case 'smtp':
      return { kind, host: '', port: 587, security: 'starttls' };
    case 'http':
      return { kind, url: '' };
    case 'mailbox':
      return { kind };
    default:
      return assertNever(kind);
  }
}

function dkimWith(settings: EmailSettings, change: { domain?: string; selector?: string }) {
  const domain = change.domain ?? settings.dkim?.domain ?? '';
  const selector = change.selector ?? settings.dkim?.selector ?? '';
  const next = { ...settings };
  if (!domain && !selector) delete next.dkim;
  else next.dkim = { domain, selector };
  return next;
}

function ProviderFields({ ctx, settings, onChange }: EmailFieldsProps) {
  const provider = settings.provider;
  const at = (field: string) => `/settings/provider/${field}`;
  const set = (field: string, next: Provider) =>
    onChange({ ...settings, provider: next }, at(field));
  switch (provider.kind) {
    case 'mailbox':
      return (
        <Text size="sm" c="dimmed">
          Messages are composed and signed exactly as they would go out, then kept in the Mailbox
          page. Nothing leaves this machine.
        </Text>
      );
    case 'smtp':
      return (
        <>
          <Pair>
            <TextField
              ctx={ctx}
              path={at('host')}
              label="SMTP host"
              required
              placeholder="smtp.example.com"
              value={provider.host}
              onChange={(value) => set('host', { ...provider, host: value.trim() })}
            />
            <NumberField
              ctx={ctx}
              path={at('port')}
              label="SMTP port"
              required
              min={1}
              max={65535}
              value={provider.port}
              onChange={(value) => set('port', { ...provider, port: value })}
            />
            <Select
              id={fieldId(at('security'))}
              label="Connection security"
              data={[
                { value: 'starttls', label: 'STARTTLS (usually port 587)' },
                { value: 'tls', label: 'TLS from the start (usually port 465)' },
                { value: 'none', label: 'None (a local relay only)' },
              ]}
              value={provider.security}
              allowDeselect={false}
              readOnly={ctx.readOnly}
              error={ctx.errors[at('security')]}
              onChange={(value) => {
                if (value === 'tls' || value === 'starttls' || value === 'none')
                  set('security', { ...provider, security: value });
              }}
            />
            <NumberField
              ctx={ctx}
              path={at('maxConnections')}
              label="Connections"
              description="Kept open between messages (1–50; 5 when empty)."
              min={1}
              max={50}
              value={provider.maxConnections}
              onChange={(value) => {
                const next = { ...provider };
                if (Number.isNaN(value)) delete next.maxConnections;
                else next.maxConnections = value;
                set('maxConnections', next);
              }}
            />
            <TextField
              ctx={ctx}
              path={at('username')}
              label="SMTP username"
              value={provider.username}
              onChange={(value) => set('username', optional(provider, 'username', value))}
            />
            {ctx.credential('smtpPassword')}
          </Pair>
        </>
      );
    case 'http':
      return (
        <Pair>
          <TextField
            ctx={ctx}
            path={at('url')}
            label="URL"
            description="Clarion POSTs each message as JSON here."
            required
            placeholder="https://api.mail.example.com/send"
            value={provider.url}
            onChange={(value) => set('url', { ...provider, url: value.trim() })}
          />
          {ctx.credential('apiKey')}
        </Pair>
      );
    default:
      return assertNever(provider);
  }
}

export function EmailProviderFields(props: EmailFieldsProps) {
  const { ctx, settings, onChange } = props;
  return (
    <>
      <Section
        title="DKIM signing"
        description="Sending for real needs a DKIM key for the sender's domain (or a parent domain)."
      >
        <Pair>
          <TextField
            ctx={ctx}
            path="/settings/dkim/domain"
            label="DKIM domain"
            placeholder="shop.example.com"
            value={settings.dkim?.domain}
            onChange={(value) =>
              onChange(dkimWith(settings, { domain: value.trim() }), '/settings/dkim')
            }
          />
          <TextField
            ctx={ctx}
            path="/settings/dkim/selector"
            label="DKIM selector"
            placeholder="s2026"
            value={settings.dkim?.selector}
            onChange={(value) =>
              onChange(dkimWith(settings, { selector: value.trim() }), '/settings/dkim')
            }
          />
        </Pair>
        {ctx.credential('dkimPrivateKey')}
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
