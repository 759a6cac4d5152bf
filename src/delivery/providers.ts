// One provider per channel configuration in a worker process, shared by every execution that
// sends with it: an SMTP pool's connections, an APNs session, an OAuth token serve them all.
// Providers are keyed by the configuration's version and update time, so an edit or a
// re-activation gets a new provider from the next batch on; the replaced one is closed once the
// executions holding it let go. A provider nobody holds is closed at once: an idle worker keeps
// no connection open, and a worker holds at most its lanes × MAX_OPEN_SENDERS providers.
import type { ChannelProvider } from '../channels/providers/factory.ts';
import type { Configuration, Credentials } from '../channels/model.ts';

export interface OpenedConfiguration {
  configuration: Configuration;
  credentials: Credentials;
}

/** A hold on a configuration's provider; `release` once per `acquire`. */
export interface ProviderLease {
  configuration: Configuration;
  provider: ChannelProvider;
  release(): Promise<void>;
}

export interface ProviderPool {
  /** The configuration as it is now, with its provider (reused when the version is unchanged). */
  acquire(sandboxId: string, configurationId: string): Promise<ProviderLease>;
  /** Providers open now. */
  readonly open: number;
  /** Closes every provider, held or not (shutdown). */
  close(): Promise<void>;
}

interface Entry {
  key: string;
  stamp: string;
  configuration: Configuration;
  provider: ChannelProvider;
  holders: number;
}

export function providerPool(deps: {
  open(sandboxId: string, configurationId: string): Promise<OpenedConfiguration>;
  create(opened: OpenedConfiguration, sandboxId: string): ChannelProvider;
}): ProviderPool {
  const current = new Map<string, Entry>();
  const all = new Set<Entry>();
  const closeEntry = async (entry: Entry) => {
    all.delete(entry);
    if (current.get(entry.key) === entry) current.delete(entry.key);
    await entry.provider.provider.close();
  };
  return {
    async acquire(sandboxId, configurationId) {
      const opened = await deps.open(sandboxId, configurationId);
      const key = `${sandboxId}/${configurationId}`;
      const stamp = `${opened.configuration.version}/${opened.configuration.updatedAt}`;
      let entry = current.get(key);
      if (entry?.stamp !== stamp) {
        // The replaced provider stays open for those still holding it.
        if (entry) current.delete(key);
        entry = {
          key,
          stamp,
          configuration: opened.configuration,
          provider: deps.create(opened, sandboxId),
          holders: 0,
        };
        current.set(key, entry);
        all.add(entry);
      }
      const held = entry;
      held.holders++;
      let released = false;
      return {
        configuration: held.configuration,
        provider: held.provider,
        async release() {
          if (released) return;
          released = true;
          held.holders--;
          if (held.holders === 0 && all.has(held)) await closeEntry(held);
        },
      };
    },
    get open() {
      return all.size;
    },
    async close() {
      const entries = [...all];
      await Promise.allSettled(entries.map(closeEntry));
    },
  };
}
