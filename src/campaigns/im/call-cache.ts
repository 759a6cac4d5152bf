// What the unitary and high-throughput calls read through the per-process short cache: the
// campaign (status included: a campaign stopped or paused elsewhere is refused at most
// CALL_CACHE_TTL_MS later by this process; a call accepted in that time is stored and delivered
// like one accepted just before the stop; the window is checked against each call's own time),
// its channel configuration and the sandbox's identity namespaces.
import { channelsDb } from '../../channels/db.ts';
import type { Configuration } from '../../channels/model.ts';
import { getConfiguration } from '../../channels/store.ts';
import type { Db } from '../../db/connection.ts';
import { profilesDb } from '../../profiles/db.ts';
import { knownNamespaces } from '../../profiles/namespaces.ts';
import { campaignsDb } from '../db.ts';
import type { Campaign } from '../model.ts';
import { getCampaignRow, toCampaign } from '../store.ts';
import { ShortCache } from './short-cache.ts';

export class CallCache {
  private readonly campaigns: ShortCache<Campaign>;
  private readonly configurations: ShortCache<Configuration>;
  private readonly namespaces: ShortCache<Set<string>>;

  constructor(ttlMs?: number, now?: () => number) {
    this.campaigns = new ShortCache(ttlMs, now);
    this.configurations = new ShortCache(ttlMs, now);
    this.namespaces = new ShortCache(ttlMs, now);
  }

  campaign(db: Db, sandboxId: string, id: string): Promise<Campaign> {
    return this.campaigns.get(`${sandboxId}:${id}`, async () =>
      toCampaign(await getCampaignRow(campaignsDb(db), sandboxId, id)),
    );
  }

  configuration(db: Db, sandboxId: string, id: string): Promise<Configuration> {
    return this.configurations.get(`${sandboxId}:${id}`, () =>
      getConfiguration(channelsDb(db), sandboxId, id),
    );
  }

  knownNamespaces(db: Db, sandboxId: string): Promise<Set<string>> {
    return this.namespaces.get(sandboxId, () => knownNamespaces(profilesDb(db), sandboxId));
  }
}

/** Reads without keeping anything: for calls made outside an API process (schedules). */
export const uncached = {
  campaign: async (db: Db, sandboxId: string, id: string) =>
    toCampaign(await getCampaignRow(campaignsDb(db), sandboxId, id)),
  configuration: (db: Db, sandboxId: string, id: string) =>
    getConfiguration(channelsDb(db), sandboxId, id),
  knownNamespaces: (db: Db, sandboxId: string) => knownNamespaces(profilesDb(db), sandboxId),
};
export type CallReads = Pick<CallCache, 'campaign' | 'configuration' | 'knownNamespaces'>;
