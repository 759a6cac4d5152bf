// First start: the `prod` sandbox and a first Platform Administrator.
import { recordAudit } from './audit.ts';
import { SYSTEM_ACTOR, type Clock, type PlatformDb } from './context.ts';
import { ensureDefaultSandbox } from './sandboxes.ts';
import { generatePassword, hashPassword } from './tokens.ts';

export interface BootstrapResult {
  /** Set only when this call created the administrator. */
  createdAdmin?: { email: string; password: string; generated: boolean };
}

export async function bootstrapPlatform(
  db: PlatformDb,
  clock: Clock,
  admin: { email?: string | undefined; password?: string | undefined },
): Promise<BootstrapResult> {
  await ensureDefaultSandbox(db);
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return {};
  const email = admin.email ?? 'admin@clarion.local';
  const generated = admin.password === undefined;
  const password = admin.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (tx) => {
    // Two processes starting together: only the first one inserts.
    await tx
      .selectFrom('sandboxes')
      .select('id')
      .where('name', '=', 'prod')
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (await tx.selectFrom('users').select('id').limit(1).executeTakeFirst()) return false;
    const now = clock.now();
    const user = await tx
      .insertInto('users')
      .values({
        email,
        name: 'Administrator',
        password_hash: passwordHash,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('role_assignments')
      .values({ user_id: user.id, sandbox_id: null, role: 'platformAdministrator' })
      .execute();
    await recordAudit(tx, {
      sandboxId: null,
      actor: SYSTEM_ACTOR,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: { email, roles: ['platformAdministrator'] },
      at: now,
    });
    return true;
  });
  return created ? { createdAdmin: { email, password, generated } } : {};
}
