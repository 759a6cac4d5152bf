// HTTP calls for the API-based providers, and what their answers mean for delivery.
//
// 408, 429 and 5xx are transient (the service is busy or down); 401 and 403 are transient too:
// a wrong key or account is the configuration's fault, not the recipient's, and fixing it lets
// the retries through without suppressing anyone. Any other 4xx is permanent.
import { failed, type DeliveryResult } from './types.ts';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A request with a deadline. Rejects only when no answer came (network error, timeout). */
export async function httpRequest(
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A request that got no answer: always transient. */
export function networkFailure(error: unknown): DeliveryResult {
  const e = error as { name?: string; message?: string; cause?: { code?: string } } | undefined;
  if (e?.name === 'TimeoutError') return failed('transient', 'TIMEOUT', 'no answer in time');
  const code = e?.cause?.code ?? 'NETWORK';
  return failed('transient', code, `${e?.message ?? String(error)} (${code})`);
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500 || status === 401 || status === 403;
}

export function classifyHttpStatus(status: number, code: string, reason: string): DeliveryResult {
  return failed(isTransientStatus(status) ? 'transient' : 'permanent', code, reason);
}

/** The answer as a JSON object, or an empty one when it is not. */
export function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export const stringField = (object: Record<string, unknown>, name: string): string | undefined => {
  const value = object[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};
