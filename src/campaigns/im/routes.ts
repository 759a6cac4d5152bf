// The Interactive Message Execution API (SPEC T2), wire-compatible with Adobe Journey
// Optimizer's: served under /im and under /ajo/im (the documented full paths), with AJO's
// headers (Authorization: Bearer, x-api-key, x-gw-ims-org-id, x-sandbox-name) and error shape.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { RUN_TASK } from '../runs.ts';
import {
  acceptAudience,
  audienceExecutionStatus,
  deleteSchedule,
  getSchedule,
} from './audience.ts';
import { CallCache } from './call-cache.ts';
import type { TriggerCall } from './calls.ts';
import { sendImError } from './errors.ts';
import {
  AudienceRequest,
  ExecutionResponse,
  ExecutionStatusResponse,
  HighThroughputRequest,
  ImErrorBody,
  ScheduledExecutionResponse,
  UnitaryRequest,
} from './model.ts';
import { AcceptWriter } from './group-commit.ts';
import { ProfileLookup } from './profile-lookup.ts';
import { RateLimiter } from './rate-limit.ts';
import { acceptRecipients } from './unitary.ts';

const tags = ['Execution API'];
const errors = {
  400: ImErrorBody,
  401: ImErrorBody,
  403: ImErrorBody,
  404: ImErrorBody,
  429: ImErrorBody,
};
export const DEFAULT_KEY_RATE = 2000;

export function executionApiRoutes(app: TypedApp, deps: AppDeps): void {
  const limiter = new RateLimiter();
  const reads = new CallCache();
  const writer = new AcceptWriter(deps.database.pool);
  const profiles = new ProfileLookup(deps.database.pool);
  const callOf = (request: FastifyRequest): TriggerCall => {
    const ctx = contextOf(request, deps);
    return {
      pool: deps.database.pool,
      db: deps.database.db,
      sandboxId: ctx.sandboxId,
      sandboxName: request.sandbox?.name ?? '',
      actor: ctx.actor,
      clock: ctx.clock,
      limiter,
      keyRate: deps.apiKeyRate ?? DEFAULT_KEY_RATE,
      reads,
      profiles,
    };
  };
  const wake = (at: Date) =>
    deps.jobs
      .add(RUN_TASK, {}, { runAt: at, jobKey: `im-schedule:${at.toISOString()}` })
      .then(() => undefined);

  for (const prefix of ['/im', '/ajo/im'])
    void app.register(
      (im: TypedApp, _options, done) => {
        im.setErrorHandler(sendImError);
        im.post('/executions/unitary', {
          config: { access: 'campaigns.write', cacheCredentials: true },
          schema: {
            tags,
            summary: 'Send an API-triggered campaign to 1–20 recipients with their context',
            body: UnitaryRequest,
            response: { 202: ExecutionResponse, ...errors },
          },
          handler: async (request, reply) =>
            reply
              .status(202)
              .send(await acceptRecipients(callOf(request), writer, request.body, 'unitary')),
        });
        im.post('/executions/highthroughput', {
          config: { access: 'campaigns.write', cacheCredentials: true },
          schema: {
            tags,
            summary:
              'Send a high-throughput campaign to 1–20 external recipients (no profile lookup)',
            body: HighThroughputRequest,
            response: { 202: ExecutionResponse, ...errors },
          },
          handler: async (request, reply) =>
            reply
              .status(202)
              .send(
                await acceptRecipients(callOf(request), writer, request.body, 'highthroughput'),
              ),
        });
        im.post('/executions/audience', {
          config: { access: 'campaigns.write' },
          schema: {
            tags,
            summary: 'Send the campaign to an audience now, or at schedule.executeAt',
            body: AudienceRequest,
            response: {
              202: Type.Union([ExecutionResponse, ScheduledExecutionResponse]),
              ...errors,
            },
          },
          handler: async (request, reply) =>
            reply.status(202).send(await acceptAudience(callOf(request), request.body, wake)),
        });
        im.get('/executions/audience/:executionId', {
          config: { access: 'campaigns.read' },
          schema: {
            tags,
            summary: 'Status of an audience execution',
            params: Type.Object({ executionId: Type.String({ maxLength: 200 }) }),
            response: { 200: ExecutionStatusResponse, ...errors },
          },
          handler: async (request) =>
            audienceExecutionStatus(callOf(request), request.params.executionId),
        });
        im.get('/executions/schedules/:scheduleId', {
          config: { access: 'campaigns.read' },
          schema: {
            tags,
            summary: 'A scheduled audience execution',
            params: Type.Object({ scheduleId: Type.String({ maxLength: 200 }) }),
            response: { 200: ScheduledExecutionResponse, ...errors },
          },
          handler: async (request) => getSchedule(callOf(request), request.params.scheduleId),
        });
        im.delete('/executions/schedules/:scheduleId', {
          config: { access: 'campaigns.write' },
          schema: {
            tags,
            summary: 'Delete a scheduled audience execution before it fires',
            params: Type.Object({ scheduleId: Type.String({ maxLength: 200 }) }),
            response: { 200: Type.Object({}), ...errors, 409: ImErrorBody },
          },
          handler: async (request) => {
            await deleteSchedule(callOf(request), request.params.scheduleId);
            return {};
          },
        });
        im.get('/health', {
          config: { access: 'authenticated' },
          schema: {
            tags,
            summary: 'Health of the execution API',
            response: { 200: Type.Object({ status: Type.String() }) },
          },
          handler: async () => {
            await deps.database.pool.query('SELECT 1');
            return { status: 'UP' };
          },
        });
        done();
      },
      { prefix },
    );
}
