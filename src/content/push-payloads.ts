// Push payloads per platform, built from already rendered values, and their size checks. Pure,
// with no server-only imports: the console's phone preview shows the same sizes.
//
// Limits (bytes of the JSON as sent):
// - APNs: 4096 for a regular remote notification (Apple, "Generating a remote notification":
//   "For regular remote notifications, the maximum size is 4KB (4096 bytes)"; VoIP 5120).
// - FCM HTTP v1: "Maximum payload for both message types is 4096 bytes" (Firebase, "About FCM
//   messages"); counted here over the message without its target token.
// - Web Push: push services must accept 4096 bytes of encrypted body (RFC 8030 §7.2). aes128gcm
//   (RFC 8188, RFC 8291 §4) adds a header of 86 bytes (salt 16, record size 4, key-id length 1,
//   sender public key 65), a padding delimiter of 1 and an AEAD tag of 16 to one record, which
//   leaves 4096 − 103 = 3993 bytes of JSON. (4078 is the figure of the older `aesgcm` draft
//   encoding, which carried its keys in headers; Clarion sends aes128gcm.)

export const PUSH_LIMITS = { apns: 4096, fcm: 4096, web: 3993 } as const;
export type PushPlatform = keyof typeof PUSH_LIMITS;

export interface RenderedPush {
  title: string;
  body: string;
  imageUrl?: string | undefined;
  url?: string | undefined;
  data?: Record<string, string> | undefined;
  badge?: number | undefined;
  sound?: string | undefined;
}

export interface PlatformPayload {
  payload: unknown;
  bytes: number;
  limit: number;
  fits: boolean;
}

const encoder = new TextEncoder();

export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/** Custom keys beside `aps`, as Apple asks; `url` and `imageUrl` for the app's handler. */
export function apnsPayload(push: RenderedPush): Record<string, unknown> {
  const aps: Record<string, unknown> = { alert: { title: push.title, body: push.body } };
  if (push.badge !== undefined) aps.badge = push.badge;
  if (present(push.sound)) aps.sound = push.sound;
  // A notification service extension downloads the image; it runs only with mutable-content.
  if (present(push.imageUrl)) aps['mutable-content'] = 1;
  const payload: Record<string, unknown> = { ...push.data, aps };
  if (present(push.url)) payload.url = push.url;
  if (present(push.imageUrl)) payload.imageUrl = push.imageUrl;
  return payload;
}

/** The FCM HTTP v1 `message` (the sender adds `token`). Data values are strings, as FCM requires. */
export function fcmMessage(push: RenderedPush): Record<string, unknown> {
  const notification: Record<string, string> = { title: push.title, body: push.body };
  if (present(push.imageUrl)) notification.image = push.imageUrl;
  const data: Record<string, string> = { ...push.data };
  if (present(push.url)) data.url = push.url;
  const message: Record<string, unknown> = { notification };
  if (Object.keys(data).length > 0) message.data = data;
  const androidNotification: Record<string, unknown> = {};
  if (present(push.sound)) androidNotification.sound = push.sound;
  if (push.badge !== undefined) androidNotification.notification_count = push.badge;
  if (Object.keys(androidNotification).length > 0)
    message.android = { notification: androidNotification };
  const aps: Record<string, unknown> = {};
  if (push.badge !== undefined) aps.badge = push.badge;
  if (present(push.sound)) aps.sound = push.sound;
  if (Object.keys(aps).length > 0) message.apns = { payload: { aps } };
  return message;
}

/** The JSON a service worker receives and passes to showNotification(title, options). */
export function webPushPayload(push: RenderedPush): Record<string, unknown> {
  const payload: Record<string, unknown> = { title: push.title, body: push.body };
  if (present(push.imageUrl)) payload.image = push.imageUrl;
  const data: Record<string, unknown> = { ...push.data };
  if (present(push.url)) data.url = push.url;
  if (Object.keys(data).length > 0) payload.data = data;
  if (push.badge !== undefined) payload.badgeCount = push.badge;
  return payload;
}

function sized(payload: unknown, limit: number): PlatformPayload {
  const bytes = jsonBytes(payload);
  return { payload, bytes, limit, fits: bytes <= limit };
}

export function pushPayloads(push: RenderedPush): Record<PushPlatform, PlatformPayload> {
  return {
    apns: sized(apnsPayload(push), PUSH_LIMITS.apns),
    fcm: sized(fcmMessage(push), PUSH_LIMITS.fcm),
    web: sized(webPushPayload(push), PUSH_LIMITS.web),
  };
}
