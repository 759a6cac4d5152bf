// The trigger benchmark's yardstick, run as a process of its own: a bare Fastify server with one
// route that validates the unitary execution request against the same TypeBox schema as Clarion
// (`UnitaryRequest`, with Clarion's Ajv options) and stores it with one INSERT, answering 202.
// No authentication, no campaign lookup, no profile lookup, no transaction of several statements.
//
//   node --import tsx bench/lib/trigger-baseline.ts DATABASE_URL   → prints "baseline listening PORT"
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import pg from 'pg';
import { UnitaryRequest } from '../../src/campaigns/im/model.ts';

export const BASELINE_TABLE = `CREATE TABLE IF NOT EXISTS bench_baseline_requests (
  request_id text PRIMARY KEY,
  campaign_id text NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: trigger-baseline.ts DATABASE_URL');
  // The same pool size as Clarion's (openDatabase's default).
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  await pool.query(BASELINE_TABLE);
  const app = Fastify({
    logger: false,
    ajv: {
      customOptions: {
        removeAdditional: false,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.post('/executions/unitary', { schema: { body: UnitaryRequest } }, async (request, reply) => {
    const { requestId, campaignId } = request.body;
    await pool.query(
      'INSERT INTO bench_baseline_requests (request_id, campaign_id, body) VALUES ($1, $2, $3)',
      [requestId, campaignId, JSON.stringify(request.body)],
    );
    return reply.status(202).send({ requestId });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`baseline listening ${port}\n`);
  const stop = () => {
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
