// Audiences: saved rule trees, their evaluation (live count, sample, SQL), snapshots, and what
// the rule builder picks from (attribute paths, subscription lists).
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  Audience as AudienceSchema,
  CompiledSql,
  CountResult,
  RuleTree as RuleTreeSchema,
  type Audience as AudienceModel,
  type AudienceInput,
  type AudienceRename,
  type RuleTree,
} from '../../../src/audiences/model.ts';
import { Page } from '../../../src/platform/model.ts';
import { Profile, SubscriptionList } from '../../../src/profiles/model.ts';
import { apiRequest } from './client.ts';

/** An audience with its rule typed as the rule tree (the schema leaves the recursion open). */
export type Audience = AudienceModel;
export type RuleAudience = Extract<Audience, { kind: 'rule' }>;
export type UploadAudience = Extract<Audience, { kind: 'upload' }>;
export type CompiledSql = Static<typeof CompiledSql>;

const AudiencePage = Page(AudienceSchema);

function isRuleTree(value: unknown): value is RuleTree {
  return Value.Check(RuleTreeSchema, value);
}

/** The answer was checked against the schema already; this only narrows the rule's type. */
export function typed(audience: Static<typeof AudienceSchema>): Audience {
  if (audience.kind === 'upload') return audience;
  const { rule } = audience;
  if (!isRuleTree(rule)) throw new Error(`The audience ${audience.id} has no valid rule.`);
  return { ...audience, rule };
}

const Evaluation = Type.Object({
  count: Type.Integer(),
  tookMs: Type.Number(),
  sample: Type.Array(Profile),
  sql: CompiledSql,
});
export type Evaluation = Static<typeof Evaluation>;
const Sample = Type.Object({ items: Type.Array(Profile) });
const AttributeInfo = Type.Object({
  path: Type.String(),
  type: Type.String(),
  profiles: Type.Integer(),
  samples: Type.Array(Type.String()),
});
export type AttributeInfo = Static<typeof AttributeInfo>;
const AttributeList = Type.Object({ items: Type.Array(AttributeInfo) });
const Snapshot = Type.Object({
  id: Type.String(),
  audienceId: Type.String(),
  members: Type.Integer(),
  tookMs: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
export type Snapshot = Static<typeof Snapshot>;
const SnapshotList = Type.Object({ items: Type.Array(Snapshot) });
export type SubscriptionList = Static<typeof SubscriptionList>;
const Lists = Type.Object({ items: Type.Array(SubscriptionList) });

export const audiencePath = (id: string) => `/audiences/${encodeURIComponent(id)}`;

export async function listAudiences(q: string, cursor: string | undefined) {
  const page = await apiRequest('/audiences', {
    query: { q, cursor, limit: 50 },
    schema: AudiencePage,
  });
  return { items: page.items.map(typed), nextCursor: page.nextCursor };
}

/** Every audience of the sandbox, page by page: the rule builder's "Audience" choices. */
export async function allAudiences(): Promise<Audience[]> {
  const all: Audience[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiRequest('/audiences', {
      query: { cursor, limit: 500 },
      schema: AudiencePage,
    });
    all.push(...page.items.map(typed));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function getAudience(id: string) {
  return typed(await apiRequest(audiencePath(id), { schema: AudienceSchema }));
}
export async function createAudience(body: AudienceInput) {
  return typed(await apiRequest('/audiences', { method: 'POST', body, schema: AudienceSchema }));
}
export async function updateAudience(id: string, body: AudienceInput) {
  return typed(await apiRequest(audiencePath(id), { method: 'PUT', body, schema: AudienceSchema }));
}
/** Name and description of any kind of audience. */
export async function renameAudience(id: string, body: AudienceRename) {
  return typed(
    await apiRequest(audiencePath(id), { method: 'PATCH', body, schema: AudienceSchema }),
  );
}
export function deleteAudience(id: string) {
  return apiRequest(audiencePath(id), { method: 'DELETE' });
}
export function evaluateRule(rule: RuleTree) {
  return apiRequest('/audiences/evaluate', { method: 'POST', body: { rule }, schema: Evaluation });
}
export function countAudience(id: string) {
  return apiRequest(`${audiencePath(id)}/count`, { schema: CountResult });
}
export function sampleAudience(id: string, limit = 10) {
  return apiRequest(`${audiencePath(id)}/sample`, { query: { limit }, schema: Sample });
}
export function audienceSql(id: string) {
  return apiRequest(`${audiencePath(id)}/sql`, { schema: CompiledSql });
}
export function audienceAttributes() {
  return apiRequest('/audiences/attributes', { schema: AttributeList });
}
export function listSnapshots(id: string) {
  return apiRequest(`${audiencePath(id)}/snapshots`, { schema: SnapshotList });
}
export function takeSnapshot(id: string) {
  return apiRequest(`${audiencePath(id)}/snapshots`, { method: 'POST', schema: Snapshot });
}
export function listSubscriptionLists() {
  return apiRequest('/subscription-lists', { schema: Lists });
}
