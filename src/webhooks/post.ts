// One POST to a receiver: signed, 10-second timeout, redirects never followed (a 3xx is a failed
// attempt, so a receiver cannot point the request at another host).
import type { Clock } from '../platform/context.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.ts';

export const POST_TIMEOUT_MS = 10_000;

export interface PostResult {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

export async function postEvent(
  target: { url: string; secret: string },
  event: { id: string; payload: unknown },
  clock: Clock,
): Promise<PostResult> {
  const body = JSON.stringify(event.payload);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Clarion-Webhook/1',
        [SIGNATURE_HEADER]: signatureHeader(target.secret, body, clock.now()),
        [EVENT_ID_HEADER]: event.id,
      },
      body,
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300)
      return { delivered: true, statusCode: response.status, error: null };
    const what =
      response.status >= 300 && response.status < 400
        ? `redirect to ${response.headers.get('location') ?? '?'} not followed`
        : text.trim().slice(0, 300);
    return {
      delivered: false,
      statusCode: response.status,
      error: `HTTP ${response.status}${what ? `: ${what}` : ''}`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${POST_TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { delivered: false, statusCode: null, error: message.slice(0, 500) };
  }
}
