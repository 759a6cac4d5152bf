// Profiles of `aep` recipients by identity, looked up for all the calls that arrive together:
// the lookups wanted within the same turn of the event loop go to PostgreSQL as one named
// statement per sandbox, instead of one statement per call.
import type pg from 'pg';
import { prepared } from '../../db/prepared.ts';
import { identityKey } from '../../profiles/search.ts';

type Identity = { namespace: string; value: string };

interface Wanted {
  identities: Identity[];
  resolve: (found: Map<string, string>) => void;
  reject: (error: unknown) => void;
}

export class ProfileLookup {
  private pending = new Map<string, Wanted[]>();
  private scheduled = false;

  constructor(private readonly pool: pg.Pool) {}

  /** Profile ids by identityKey, for the identities that have a profile in the sandbox. */
  find(sandboxId: string, identities: Identity[]): Promise<Map<string, string>> {
    if (identities.length === 0) return Promise.resolve(new Map<string, string>());
    return new Promise((resolve, reject) => {
      const list = this.pending.get(sandboxId);
      if (list) list.push({ identities, resolve, reject });
      else this.pending.set(sandboxId, [{ identities, resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    });
  }

  private run(): void {
    const groups = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [sandboxId, wanted] of groups) void this.lookUp(sandboxId, wanted);
  }

  private async lookUp(sandboxId: string, wanted: Wanted[]): Promise<void> {
    const all = wanted.flatMap((w) => w.identities);
    try {
      const rows = await this.pool.query<Identity & { profile_id: string }>(
        prepared(
          `SELECT i.namespace, i.value, i.profile_id
             FROM profile_identities i
             JOIN unnest($2::text[], $3::text[]) AS wanted(namespace, value)
               ON i.namespace = wanted.namespace AND i.value = wanted.value
            WHERE i.sandbox_id = $1`,
          [sandboxId, all.map((i) => i.namespace), all.map((i) => i.value)],
        ),
      );
      const found = new Map(rows.rows.map((r) => [identityKey(r), r.profile_id]));
      for (const w of wanted) w.resolve(found);
    } catch (error) {
      for (const w of wanted) w.reject(error);
    }
  }
}
