// Channels: configurations (write-only credentials, activation), the suppression list, the local
// mailbox and the message log of a profile.
import {
  Configuration,
  type ConfigurationInput,
  type ConfigurationStatus,
} from '../../../src/channels/model.ts';
import { MailboxMessage, MailboxMessageSummary } from '../../../src/channels/mailbox/model.ts';
import {
  LoggedMessage,
  Suppression,
  type SuppressionCategory,
  type SuppressionInput,
} from '../../../src/delivery/model.ts';
import { Page } from '../../../src/platform/model.ts';
import type { Channel } from '../../../src/profiles/model.ts';
import { apiDownload, apiRequest } from './client.ts';

export type {
  ChannelSettings,
  Configuration,
  ConfigurationInput,
  ConfigurationStatus,
  CredentialName,
  Credentials,
  EmailSettings,
  MessageCategory,
  PushPlatform,
  PushSettings,
  SmsSettings,
} from '../../../src/channels/model.ts';
export type { MailboxMessage, MailboxMessageSummary } from '../../../src/channels/mailbox/model.ts';
export type { Channel } from '../../../src/profiles/model.ts';

const PAGE_SIZE = 50;
const ConfigurationPage = Page(Configuration);
const configurationPath = (id: string) => `/channel-configurations/${encodeURIComponent(id)}`;

export interface ConfigurationFilters {
  channel: Channel | null;
  status: ConfigurationStatus | null;
  q: string;
}

export function listConfigurations(filters: ConfigurationFilters, cursor: string | undefined) {
  return apiRequest('/channel-configurations', {
    query: { ...filters, limit: PAGE_SIZE, cursor },
    schema: ConfigurationPage,
  });
}
export function getConfiguration(id: string) {
  return apiRequest(configurationPath(id), { schema: Configuration });
}
export function createConfiguration(body: ConfigurationInput) {
  return apiRequest('/channel-configurations', { method: 'POST', body, schema: Configuration });
}
export function updateConfiguration(id: string, body: ConfigurationInput) {
  return apiRequest(configurationPath(id), { method: 'PUT', body, schema: Configuration });
}
export function changeConfigurationStatus(id: string, action: 'activate' | 'deactivate') {
  return apiRequest(`${configurationPath(id)}/${action}`, {
    method: 'POST',
    schema: Configuration,
  });
}
export function deleteConfiguration(id: string) {
  return apiRequest(configurationPath(id), { method: 'DELETE' });
}

const SuppressionPage = Page(Suppression);

export interface SuppressionFilters {
  channel: Channel | null;
  category: SuppressionCategory | null;
  q: string;
}

export function listSuppressions(filters: SuppressionFilters, cursor: string | undefined) {
  return apiRequest('/suppressions', {
    query: { ...filters, limit: PAGE_SIZE, cursor },
    schema: SuppressionPage,
  });
}
export function addSuppression(body: SuppressionInput) {
  return apiRequest('/suppressions', { method: 'POST', body, schema: Suppression });
}
export function removeSuppression(channel: Channel, address: string) {
  return apiRequest(`/suppressions/${channel}/${encodeURIComponent(address)}`, {
    method: 'DELETE',
  });
}
export function downloadSuppressions(filters: SuppressionFilters) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (typeof value === 'string' && value) query.set(key, value);
  const search = query.toString();
  return apiDownload(`/suppressions.csv${search ? `?${search}` : ''}`, 'text/csv');
}

const MailboxPage = Page(MailboxMessageSummary);
const mailboxPath = (id: string) => `/mailbox/${encodeURIComponent(id)}`;

export interface MailboxFilters {
  channel: Channel | null;
  recipient: string;
  q: string;
}

export function listMailbox(filters: MailboxFilters, cursor: string | undefined) {
  return apiRequest('/mailbox', {
    query: { ...filters, limit: PAGE_SIZE, cursor },
    schema: MailboxPage,
  });
}
export function getMailboxMessage(id: string) {
  return apiRequest(mailboxPath(id), { schema: MailboxMessage });
}
export function downloadMailboxRaw(id: string) {
  return apiDownload(`${mailboxPath(id)}/raw`, 'message/rfc822');
}

export {
  SUPPRESSION_CATEGORIES,
  SuppressionInput,
  type LoggedMessage,
  type MessageStatus,
  type Suppression,
  type SuppressionCategory,
} from '../../../src/delivery/model.ts';
const MessagePage = Page(LoggedMessage);

export function profileMessages(profileId: string, cursor: string | undefined) {
  return apiRequest('/messages', {
    query: { profileId, limit: 25, cursor },
    schema: MessagePage,
  });
}
