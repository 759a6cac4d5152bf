// Identity namespaces: built-in ones with their normalisation, plus custom ones per sandbox.
import { recordAudit } from '../platform/audit.ts';
import type { Actor, Clock } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { Namespace, NamespaceCreate } from './model.ts';
import type { ProfilesDb } from './db.ts';

export const BUILT_IN_NAMESPACES: readonly Namespace[] = [
  {
    code: 'email',
    title: 'Email',
    description: 'Email address (stored lower-case)',
    builtIn: true,
  },
  {
    code: 'phone',
    title: 'Phone',
    description: 'Phone number in E.164 form, e.g. +14155550123',
    builtIn: true,
  },
  { code: 'crmId', title: 'CRM id', description: 'Identifier in your CRM', builtIn: true },
  {
    code: 'ecid',
    title: 'Experience Cloud id',
    description: 'Device or browser identifier',
    builtIn: true,
  },
];
const BUILT_IN_CODES = new Set(BUILT_IN_NAMESPACES.map((n) => n.code));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** The stored form of an identity value, or a reason it is not valid in its namespace. */
export function normalizeIdentity(
  namespace: string,
  raw: string,
): { value: string } | { error: string } {
  const trimmed = raw.trim();
  if (!trimmed) return { error: 'is empty' };
  switch (namespace) {
    case 'email': {
      const value = trimmed.toLowerCase();
      return EMAIL.test(value) && value.length <= 254
        ? { value }
        : { error: 'is not an email address' };
    }
    case 'phone': {
      let value = trimmed.replace(/[\s().-]/g, '');
      if (value.startsWith('00')) value = '+' + value.slice(2);
      return E164.test(value)
        ? { value }
        : { error: 'is not a phone number in E.164 form (+ and 7–15 digits)' };
    }
    default:
      return trimmed.length <= 256
        ? { value: trimmed }
        : { error: 'is longer than 256 characters' };
  }
}

export async function listNamespaces(db: ProfilesDb, sandboxId: string): Promise<Namespace[]> {
  const custom = await db
    .selectFrom('identity_namespaces')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .orderBy('code')
    .execute();
  return [
    ...BUILT_IN_NAMESPACES,
    ...custom.map((row) => ({
      code: row.code,
      title: row.title,
      description: row.description,
      builtIn: false,
    })),
  ];
}

/** Codes known in a sandbox (built-in and custom). */
export async function knownNamespaces(db: ProfilesDb, sandboxId: string): Promise<Set<string>> {
  const custom = await db
    .selectFrom('identity_namespaces')
    .select('code')
    .where('sandbox_id', '=', sandboxId)
    .execute();
  return new Set([...BUILT_IN_CODES, ...custom.map((row) => row.code)]);
}

export async function createNamespace(
  call: { db: ProfilesDb; sandboxId: string; actor: Actor; clock: Clock; requestId?: string },
  input: NamespaceCreate,
): Promise<Namespace> {
  if (BUILT_IN_CODES.has(input.code))
    throw new AppError('NAMESPACE_EXISTS', undefined, [
      { path: '/code', message: 'is a built-in namespace' },
    ]);
  return call.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('identity_namespaces')
      .values({
        sandbox_id: call.sandboxId,
        code: input.code,
        title: input.title,
        description: input.description ?? '',
      })
      .onConflict((oc) => oc.columns(['sandbox_id', 'code']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new AppError('NAMESPACE_EXISTS', undefined, [{ path: '/code', message: 'exists' }]);
    const namespace = {
      code: row.code,
      title: row.title,
      description: row.description,
      builtIn: false,
    };
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'namespace.create',
      entityType: 'identityNamespace',
      entityId: row.code,
      after: namespace,
      requestId: call.requestId,
      at: call.clock.now(),
    });
    return namespace;
  });
}

export async function deleteNamespace(
  call: { db: ProfilesDb; sandboxId: string; actor: Actor; clock: Clock; requestId?: string },
  code: string,
): Promise<void> {
  if (BUILT_IN_CODES.has(code)) throw new AppError('NAMESPACE_BUILT_IN');
  await call.db.transaction().execute(async (tx) => {
    const used = await tx
      .selectFrom('profile_identities')
      .select('value')
      .where('sandbox_id', '=', call.sandboxId)
      .where('namespace', '=', code)
      .limit(1)
      .executeTakeFirst();
    if (used) throw new AppError('NAMESPACE_IN_USE');
    const row = await tx
      .deleteFrom('identity_namespaces')
      .where('sandbox_id', '=', call.sandboxId)
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('NAMESPACE_NOT_FOUND');
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'namespace.delete',
      entityType: 'identityNamespace',
      entityId: code,
      before: { code, title: row.title },
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}
