// The audiences area's typed view of the database, and the rule-tree check at its edge.
import { Value } from '@sinclair/typebox/value';
import type { ColumnType, Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Actor, Clock } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { ProfilesTables } from '../profiles/tables.ts';
import {
  RuleTree,
  UploadState,
  type AudienceKind,
  type RuleTree as RuleTreeType,
} from './model.ts';

export type AudiencesTables = {
  audiences: {
    sandbox_id: string;
    id: string;
    name: string;
    description: string;
    kind: AudienceKind;
    definition: unknown;
    version: number;
    created_by: string;
    created_at: Date;
    updated_at: Date;
  };
  audience_references: { sandbox_id: string; audience_id: string; refers_to: string };
  audience_members: {
    sandbox_id: string;
    audience_id: string;
    import_id: string;
    profile_id: string;
    line: number;
    attributes: ColumnType<unknown, string, string>;
  };
};
type Tables = PlatformTables & ProfilesTables & AudiencesTables;
export type AudiencesDb = Kysely<Tables>;

export function audiencesDb(db: Db): AudiencesDb {
  return db.withTables<Tables>();
}

export interface AudiencesCall {
  db: AudiencesDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

export function asRuleTree(value: unknown): RuleTreeType {
  if (!Value.Check(RuleTree, value)) {
    const first = [...Value.Errors(RuleTree, value)][0];
    throw new AppError(
      'AUDIENCE_RULE_INVALID',
      `/rule${first?.path ?? ''} ${first?.message ?? 'is not a rule'}`,
      [{ path: `/rule${first?.path ?? ''}`, message: first?.message ?? 'is not a rule' }],
    );
  }
  return value as RuleTreeType;
}

/** An uploaded audience's stored definition; anything else is a defect, not bad input. */
export function asUploadState(value: unknown): UploadState {
  if (!Value.Check(UploadState, value))
    throw new Error('uploaded audience has a broken definition');
  return value;
}
