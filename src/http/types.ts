// What every route plugin receives, and the request fields the auth hook fills in.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock, Principal, ServiceContext } from '../platform/context.ts';
import type { Permission } from '../platform/permissions.ts';

/** `public`: no credentials; `authenticated`: any signed-in user or key; else a named permission. */
export type RouteAccess = Permission | 'public' | 'authenticated';

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Reuse an API key's principal and sandbox for up to a second (high-rate routes). */
    cacheCredentials?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    sandbox: { id: string; name: string; title: string } | undefined;
    sessionToken: string | undefined;
  }
}

export interface AppDeps {
  database: Database;
  clock: Clock;
  jobs: JobQueue;
  publicUrl: string;
  /** CLARION_SECRET: keys for stored credentials and signed links are derived from it. */
  secret: string;
  trustProxy?: boolean;
  logLevel?: string;
  /** Execution API calls per second per API key (429 beyond); 2,000 when not set. */
  apiKeyRate?: number | undefined;
  /** Built console files; served at `/` when present. */
  consoleDir?: string | undefined;
}

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type { ServiceContext };
