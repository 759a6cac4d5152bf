// Kysely row types of the tables the profiles area owns.
import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<Record<string, unknown>, string, string>;

export type DatasetsTable = {
  sandbox_id: string;
  id: Generated<string>;
  name: string;
  title: string;
  description: Generated<string>;
  table_name: string;
  columns: ColumnType<unknown, string, string>;
  primary_key: string[];
  link: ColumnType<unknown, string | null, string | null>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ImportsTable = {
  sandbox_id: string;
  id: Generated<string>;
  kind: 'profiles' | 'dataset' | 'audience';
  dataset_name: string | null;
  audience_id: Generated<string | null>;
  format: 'csv' | 'ndjson';
  file_name: Generated<string>;
  mapping: ColumnType<unknown, string, string>;
  options: ColumnType<unknown, string, string>;
  status: 'waiting' | 'running' | 'completed' | 'failed';
  bytes_read: Generated<number>;
  bytes_total: number | null;
  rows_read: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  error: string | null;
  created_by: string;
  created_at: Generated<Date>;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
};

export type ProfilesTables = {
  datasets: DatasetsTable;
  imports: ImportsTable;
  import_rejections: {
    sandbox_id: string;
    import_id: string;
    line: number;
    field: Generated<string>;
    reason: string;
  };
  identity_namespaces: {
    sandbox_id: string;
    code: string;
    title: string;
    description: Generated<string>;
    created_at: Generated<Date>;
  };
  profiles: {
    sandbox_id: string;
    id: Generated<string>;
    attributes: Json;
    timezone: string | null;
    language: string | null;
    test_profile: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  profile_identities: {
    sandbox_id: string;
    namespace: string;
    value: string;
    profile_id: string;
    created_at: Generated<Date>;
  };
  profile_consent: {
    sandbox_id: string;
    profile_id: string;
    channel: string;
    status: string;
    source: string;
    changed_at: Date;
  };
  consent_history: {
    id: Generated<number>;
    sandbox_id: string;
    profile_id: string;
    channel: string;
    status: string;
    source: string;
    at: Date;
  };
  subscription_lists: {
    sandbox_id: string;
    id: Generated<string>;
    name: string;
    description: Generated<string>;
    created_at: Generated<Date>;
  };
  subscription_members: {
    sandbox_id: string;
    list_id: string;
    profile_id: string;
    source: string;
    subscribed_at: Date;
  };
  push_tokens: {
    sandbox_id: string;
    id: Generated<string>;
    profile_id: string;
    platform: string;
    app_id: string;
    token: string;
    web_keys: ColumnType<{ p256dh: string; auth: string } | null, string | null, string | null>;
    active: Generated<boolean>;
    deactivated_at: Date | null;
    deactivated_reason: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  profile_events: {
    sandbox_id: string;
    profile_id: string;
    id: Generated<number>;
    type: string;
    at: Date;
    properties: Json;
    received_at: Generated<Date>;
  };
};
