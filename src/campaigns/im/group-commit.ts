// Group commit of accepted calls: one writer per API process collects the calls that arrive
// within a few milliseconds (or until a group is full) and stores them in ONE transaction, each
// caller awaiting that commit before its 202. The requestId decides per call inside the
// transaction: the first of a key is recorded, a repeat (in the same group, in another
// transaction, or within 24 hours) answers the recorded response and writes nothing. A group
// that fails is written again call by call, so that one bad call fails alone.
import type pg from 'pg';
import {
  earlierResponses,
  recordRequests,
  requestKey,
  writeExecutions,
  type AcceptedCall,
} from './accept-sql.ts';
import type { ExecutionResponse } from './model.ts';

interface Pending {
  call: AcceptedCall;
  resolve: (response: ExecutionResponse) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** How long the first call of a group waits for others. */
  windowMs: number;
  maxGroup: number;
  /** Transactions in flight at once (each holds one connection). */
  maxInFlight: number;
}

export const GROUP_COMMIT_DEFAULTS: GroupCommitOptions = {
  windowMs: 2,
  maxGroup: 200,
  maxInFlight: 3,
};

export class AcceptWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: GroupCommitOptions = GROUP_COMMIT_DEFAULTS,
  ) {}

  /** Stores the call (or finds the call it repeats); resolves once committed, with the answer. */
  submit(call: AcceptedCall): Promise<ExecutionResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    if (this.queue.length >= this.options.maxGroup) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.options.windowMs);
  }

  private async flush(): Promise<void> {
    const group = this.queue.splice(0, this.options.maxGroup);
    if (group.length === 0) return;
    this.inFlight++;
    try {
      await this.write(group);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async write(group: Pending[]): Promise<void> {
    try {
      settle(group, await this.commit(group.map((p) => p.call)));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      for (const one of group)
        await this.commit([one.call]).then((answers) => settle([one], answers), one.reject);
    }
  }

  /** One transaction for the calls; the answer to each, by requestId key. */
  private async commit(calls: AcceptedCall[]): Promise<Map<string, ExecutionResponse>> {
    // The first call of each key competes for it; the others of the group answer as it does.
    const firsts = new Map<string, AcceptedCall>();
    for (const c of calls) if (!firsts.has(requestKey(c))) firsts.set(requestKey(c), c);
    // In key order, so that two transactions holding the same keys take their locks alike.
    const candidates = [...firsts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, c]) => c);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const recorded = await recordRequests(client, candidates);
      const winners = candidates.filter((c) => recorded.has(requestKey(c)));
      const repeats = candidates.filter((c) => !recorded.has(requestKey(c)));
      if (winners.length > 0) await writeExecutions(client, winners);
      const answers = repeats.length > 0 ? await earlierResponses(client, repeats) : new Map();
      await client.query('COMMIT');
      for (const c of winners) answers.set(requestKey(c), c.response);
      return answers;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function settle(group: Pending[], answers: Map<string, ExecutionResponse>): void {
  for (const p of group) {
    const answer = answers.get(requestKey(p.call));
    if (answer) p.resolve(answer);
    else p.reject(new Error(`requestId ${p.call.requestId} was neither recorded nor found`));
  }
}
