// Email: who it comes from, how people unsubscribe, and how delivery behaves.
import { Switch, TagsInput } from '@mantine/core';
import type { EmailSettings, MessageCategory } from '../api/channels.ts';
import { errorUnder, fieldId } from './fields.ts';
import { NumberField, Pair, Section, TextField, type FormContext } from './FormParts.tsx';
import { optional } from './draft.ts';
import { EmailProviderFields } from './EmailProviderFields.tsx';
import { UrlParametersTable } from './UrlParametersTable.tsx';

export interface EmailFieldsProps {
  ctx: FormContext;
  category: MessageCategory;
  settings: EmailSettings;
  onChange: (settings: EmailSettings, path: string) => void;
}

function replyToWith(
  settings: EmailSettings,
  change: { name?: string; address?: string },
): EmailSettings {
  const name = change.name ?? settings.replyTo?.name ?? '';
  const address = change.address ?? settings.replyTo?.address ?? '';
  const next = { ...settings };
  if (!name && !address) delete next.replyTo;
  else next.replyTo = name ? { name, address } : { address };
  return next;
}

export function EmailSettingsFields(props: EmailFieldsProps) {
  const { ctx, settings, category } = props;
  const at = (path: string) => `/settings/${path}`;
  const set = (path: string, next: EmailSettings) => props.onChange(next, at(path));
  const text = (key: 'bounceAddress' | 'bccArchive') => (value: string) =>
    set(key, optional(settings, key, value.trim()));
  const unsubscribe = settings.listUnsubscribe;
  return (
    <>
      <Section
        title="Sender"
        description="The From, Reply-To and envelope addresses of each email."
      >
        <Pair>
          <TextField
            ctx={ctx}
            path={at('senderName')}
            label="Sender name"
            required
            value={settings.senderName}
            onChange={(value) => set('senderName', { ...settings, senderName: value })}
          />
          <TextField
            ctx={ctx}
            path={at('senderAddress')}
            label="Sender address"
            type="email"
            required
            placeholder="news@shop.example.com"
            value={settings.senderAddress}
            onChange={(value) => set('senderAddress', { ...settings, senderAddress: value.trim() })}
          />
          <TextField
            ctx={ctx}
            path={at('replyTo/name')}
            label="Reply-to name"
            value={settings.replyTo?.name}
            onChange={(value) => set('replyTo', replyToWith(settings, { name: value }))}
          />
          <TextField
            ctx={ctx}
            path={at('replyTo/address')}
            label="Reply-to address"
            type="email"
            value={settings.replyTo?.address}
            onChange={(value) => set('replyTo', replyToWith(settings, { address: value.trim() }))}
          />
          <TextField
            ctx={ctx}
            path={at('bounceAddress')}
            label="Bounce address"
            type="email"
            description="Return-Path; bounces come back here (required to send for real)."
            value={settings.bounceAddress}
            onChange={text('bounceAddress')}
          />
          <TextField
            ctx={ctx}
            path={at('bccArchive')}
            label="BCC archive"
            type="email"
            description="Gets a copy of every message (never shown to the recipient)."
            value={settings.bccArchive}
            onChange={text('bccArchive')}
          />
        </Pair>
      </Section>

      <Section
        title="Unsubscribe and links"
        description="Marketing email needs a one-click or an email unsubscribe (List-Unsubscribe)."
      >
        <Switch
          id={fieldId(at('listUnsubscribe'))}
          label="One-click unsubscribe (RFC 8058)"
          description="Mail apps show an unsubscribe button that works without opening a page."
          checked={unsubscribe.oneClick}
          disabled={ctx.readOnly}
          error={ctx.errors[at('listUnsubscribe')]}
          onChange={(event) =>
            set('listUnsubscribe', {
              ...settings,
              listUnsubscribe: { ...unsubscribe, oneClick: event.currentTarget.checked },
            })
          }
        />
        <TextField
          ctx={ctx}
          path={at('listUnsubscribe/mailto')}
          label="Unsubscribe by email"
          type="email"
          placeholder="unsubscribe@shop.example.com"
          value={unsubscribe.mailto}
          onChange={(value) =>
            set('listUnsubscribe', {
              ...settings,
              listUnsubscribe: optional(unsubscribe, 'mailto', value.trim()),
            })
          }
        />
        <UrlParametersTable
          ctx={ctx}
          rows={settings.urlParameters}
          onChange={(rows) => set('urlParameters', { ...settings, urlParameters: rows })}
        />
      </Section>

      <Section title="Delivery">
        <Pair>
          <NumberField
            ctx={ctx}
            path={at('retryPeriodMinutes')}
            label="Retry period"
            description="Temporary failures are retried this long (marketing ≥ 360)."
            suffix=" min"
            min={10}
            max={5040}
            required
            value={settings.retryPeriodMinutes}
            onChange={(value) =>
              set('retryPeriodMinutes', { ...settings, retryPeriodMinutes: value })
            }
          />
          <NumberField
            ctx={ctx}
            path={at('softBounceThreshold')}
            label="Soft-bounce threshold"
            description="Soft bounces before an address is suppressed (1–20)."
            min={1}
            max={20}
            required
            value={settings.softBounceThreshold}
            onChange={(value) =>
              set('softBounceThreshold', { ...settings, softBounceThreshold: value })
            }
          />
        </Pair>
        <Switch
          id={fieldId(at('sendToSpamComplainers'))}
          label="Send to spam complainers"
          description={
            category === 'transactional'
              ? 'Also send to addresses suppressed after a spam complaint (receipts, password resets).'
              : 'Only transactional configurations may send to people who complained.'
          }
          checked={settings.sendToSpamComplainers}
          disabled={ctx.readOnly || (category === 'marketing' && !settings.sendToSpamComplainers)}
          error={ctx.errors[at('sendToSpamComplainers')]}
          onChange={(event) =>
            set('sendToSpamComplainers', {
              ...settings,
              sendToSpamComplainers: event.currentTarget.checked,
            })
          }
        />
        <TagsInput
          id={fieldId(at('seedList'))}
          label="Seed list"
          description="Addresses that get a copy of every send, to watch inbox placement. Press Enter after each."
          value={settings.seedList}
          onChange={(value) =>
            set('seedList', { ...settings, seedList: value.map((address) => address.trim()) })
          }
          error={errorUnder(ctx.errors, at('seedList'))}
          readOnly={ctx.readOnly}
          splitChars={[',', ' ', ';']}
          clearable
        />
      </Section>

      <EmailProviderFields {...props} />
    </>
  );
}
