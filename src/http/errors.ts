// One error shape for the whole API: { code, message, details?, requestId }.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorCode, type FieldError } from '../platform/errors.ts';

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Turns validation errors into field paths such as `/roles/0/role`. */
export function fieldErrors(
  errors: readonly AjvError[],
  context: string | undefined,
): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors) {
    let path = error.instancePath || '';
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
      path = `${path}/${error.params.missingProperty}`;
      message = 'is required';
    } else if (
      error.keyword === 'additionalProperties' &&
      typeof error.params.additionalProperty === 'string'
    ) {
      path = `${path}/${error.params.additionalProperty}`;
      message = 'is not a known field';
    }
    const where = context && context !== 'body' ? `${context}:` : '';
    const full = `${where}${path || '/'}`;
    // anyOf/union failures repeat one field many times; keep the first reason.
    if (seen.has(full)) continue;
    seen.add(full);
    out.push({ path: full, message });
  }
  return out;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  error: AppError,
): FastifyReply {
  if (error.code === 'TOO_MANY_LOGIN_ATTEMPTS') {
    const details = error.details as { retryAfterSeconds?: number } | undefined;
    if (details?.retryAfterSeconds)
      void reply.header('retry-after', String(details.retryAfterSeconds));
  }
  return reply.status(error.status).send({
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    requestId: request.id,
  });
}

export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppError) return sendError(reply, request, error);
  const fastifyError = error as FastifyError & {
    validation?: AjvError[];
    validationContext?: string;
  };
  if (fastifyError.validation) {
    const details = fieldErrors(fastifyError.validation, fastifyError.validationContext);
    const first = details[0];
    const message = first
      ? `${first.path} ${first.message}`
      : ERROR_CATALOGUE.VALIDATION_FAILED.message;
    return sendError(reply, request, new AppError('VALIDATION_FAILED', message, details));
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return sendError(reply, request, new AppError(mapped, fastifyError.message));
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send({
      code: fastifyError.code ?? 'BAD_REQUEST',
      message: fastifyError.message,
      requestId: request.id,
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, request, new AppError('INTERNAL'));
}
