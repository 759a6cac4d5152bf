// A recipient named by an API call (SPEC T2). The calls' executions are written in groups by
// src/campaigns/im/accept-sql.ts; a recipient may carry its own address (external recipients,
// channel data) and the data it renders with (`{context, profile}`).
export interface DirectRecipient {
  /** Unique in the execution (the API's userId). */
  key: string;
  profileId: string | null;
  /** Overrides the profile's address for the channel. */
  address: string | null;
  /** What the recipient's content renders with besides its profile. */
  renderData: { context?: unknown; profile?: unknown } | null;
}
