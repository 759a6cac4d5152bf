// FCM v1 error answers ({ error: { code, status, message, details } }) as delivery results.
// The FcmError detail's errorCode is more precise than the HTTP status, so it decides first.
import { isTransientStatus } from './http.ts';
import { failed, type DeliveryResult } from './types.ts';

/** The token will never work again for this project: the caller deactivates it. */
const DEAD_TOKEN = new Set(['UNREGISTERED', 'SENDER_ID_MISMATCH']);
/** FCM or the platform behind it is overloaded or failing; APNs auth is a configuration fault. */
const TRANSIENT = new Set(['QUOTA_EXCEEDED', 'UNAVAILABLE', 'INTERNAL', 'THIRD_PARTY_AUTH_ERROR']);

interface Detail {
  '@type'?: unknown;
  errorCode?: unknown;
  fieldViolations?: { field?: unknown; description?: unknown }[];
}

export function fcmFailure(
  httpStatus: number,
  body: Record<string, unknown>,
): DeliveryResult | undefined {
  const error = body.error as
    { status?: unknown; message?: unknown; details?: Detail[] } | undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const details = Array.isArray(error.details) ? error.details : [];
  const fcmCode = details.find((d) => typeof d.errorCode === 'string')?.errorCode as
    string | undefined;
  const code = fcmCode ?? (typeof error.status === 'string' ? error.status : `http-${httpStatus}`);
  const reason = typeof error.message === 'string' ? error.message : `HTTP ${httpStatus}`;
  if (DEAD_TOKEN.has(code)) return failed('permanent', code, reason, true);
  if (TRANSIENT.has(code)) return failed('transient', code, reason);
  if (code === 'INVALID_ARGUMENT') {
    // INVALID_ARGUMENT covers both a malformed token and a malformed message; only the first
    // says anything about the device.
    const aboutToken =
      details.some((d) =>
        d.fieldViolations?.some((v) => typeof v.field === 'string' && /token/i.test(v.field)),
      ) || /registration token/i.test(reason);
    return failed('permanent', code, reason, aboutToken);
  }
  return failed(isTransientStatus(httpStatus) ? 'transient' : 'permanent', code, reason);
}
