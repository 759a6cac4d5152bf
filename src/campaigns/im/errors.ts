// Errors of the execution API in AJO's shape: `{type, title, status, report: {additionalContext}}`
// with a stable code in `type` (`urn:clarion:im:<CODE>`), whatever went wrong.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE } from '../../platform/errors.ts';
import type { ImErrorBody } from './model.ts';

export const IM_ERRORS = {
  IM_VALIDATION: { status: 400, title: 'The request is not valid.' },
  IM_CAMPAIGN_NOT_FOUND: { status: 404, title: 'No API-triggered campaign with this id.' },
  IM_CAMPAIGN_NOT_LIVE: { status: 400, title: 'The campaign is not live.' },
  IM_CAMPAIGN_TYPE: { status: 400, title: 'The campaign is not API-triggered.' },
  IM_CAMPAIGN_MODE: { status: 400, title: 'The campaign does not take calls of this kind.' },
  IM_OUTSIDE_WINDOW: { status: 400, title: 'The campaign does not take calls at this time.' },
  IM_PROFILE_NOT_FOUND: { status: 400, title: 'A recipient has no profile.' },
  IM_CONTEXT_TOO_LARGE: { status: 400, title: 'The context is larger than 200 KB.' },
  IM_AUDIENCE_NOT_FOUND: { status: 404, title: 'No such audience.' },
  IM_EXECUTION_NOT_FOUND: { status: 404, title: 'No such execution.' },
  IM_SCHEDULE_NOT_FOUND: { status: 404, title: 'No such schedule.' },
  IM_SCHEDULE_TRIGGERED: { status: 409, title: 'The schedule has already been triggered.' },
  IM_RATE_LIMITED: { status: 429, title: 'Too many calls; retry after the given delay.' },
} as const;
export type ImErrorCode = keyof typeof IM_ERRORS;

export class ImError extends Error {
  override name = 'ImError';
  constructor(
    readonly code: ImErrorCode,
    readonly context: Record<string, string> = {},
    title?: string,
    /** Seconds, for 429. */
    readonly retryAfter?: number,
  ) {
    super(title ?? IM_ERRORS[code].title);
  }
}

function body(type: string, title: string, status: number, context: Record<string, string>) {
  return {
    type: `urn:clarion:im:${type}`,
    title,
    status,
    report: { additionalContext: context },
  } satisfies ImErrorBody;
}

/** The context every error of a call carries: its requestId and campaignId when given. */
function callContext(request: FastifyRequest): Record<string, string> {
  const given = request.body;
  const context: Record<string, string> = { requestId: String(request.id) };
  if (given && typeof given === 'object') {
    const { requestId, campaignId } = given as Record<string, unknown>;
    if (typeof requestId === 'string') context.requestId = requestId;
    if (typeof campaignId === 'string') context.campaignId = campaignId;
  }
  return context;
}

export function sendImError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const context = callContext(request);
  if (error instanceof ImError) {
    if (error.retryAfter !== undefined) void reply.header('retry-after', String(error.retryAfter));
    const { status } = IM_ERRORS[error.code];
    return reply
      .status(status)
      .send(body(error.code, error.message, status, { ...context, ...error.context }));
  }
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? error.details : [];
    const first = details[0];
    return reply.status(error.status).send(
      body(error.code, error.message, error.status, {
        ...context,
        ...(first ? { field: first.path, reason: first.message } : {}),
      }),
    );
  }
  const fastify = error as FastifyError;
  if (fastify.validation) {
    const first = fastify.validation[0];
    const field = `${first?.instancePath ?? ''}${
      first?.keyword === 'required'
        ? `/${String((first.params as { missingProperty?: string }).missingProperty ?? '')}`
        : ''
    }`;
    const reason = first?.message ?? 'is not valid';
    return reply.status(400).send(
      body('IM_VALIDATION', `${field || '/'} ${reason}`, 400, {
        ...context,
        field: field || '/',
        reason,
      }),
    );
  }
  if (typeof fastify.statusCode === 'number' && fastify.statusCode < 500)
    return reply
      .status(fastify.statusCode)
      .send(body('IM_VALIDATION', fastify.message, fastify.statusCode, context));
  request.log.error({ err: error }, 'execution API call failed');
  return reply.status(500).send(body('INTERNAL', ERROR_CATALOGUE.INTERNAL.message, 500, context));
}
