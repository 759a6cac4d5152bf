// Push through Firebase Cloud Messaging HTTP v1. The service account signs a JWT (RS256) that is
// exchanged for an OAuth access token (kept until shortly before it expires); each message is a
// POST to {endpoint}/v1/projects/{project_id}/messages:send with that token.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Credentials, PushSettings } from '../model.ts';
import { classifyHttpStatus, httpRequest, jsonObject, networkFailure } from './http.ts';
import { epochSeconds, signJwt } from './jwt.ts';
import {
  DEFAULT_TIMEOUT_MS,
  failed,
  type DeliveryResult,
  type OutgoingPush,
  type ProviderDeps,
  type PushMessage,
  type PushProvider,
} from './types.ts';
import { fcmFailure } from './fcm-errors.ts';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Renew this long before the token's stated expiry, so no request carries a stale token. */
const RENEW_EARLY_MS = 5 * 60_000;

interface ServiceAccount {
  projectId: string;
  clientEmail: string;
  key: KeyObject;
  keyId: string | undefined;
  tokenUri: string | undefined;
}

function serviceAccount(json: string | undefined): ServiceAccount {
  const account = jsonObject(json ?? '');
  const text = (name: string) => (typeof account[name] === 'string' ? account[name] : undefined);
  const projectId = text('project_id');
  const clientEmail = text('client_email');
  const privateKey = text('private_key');
  if (!projectId || !clientEmail || !privateKey)
    throw new Error('the FCM service account needs project_id, client_email and private_key');
  return {
    projectId,
    clientEmail,
    key: createPrivateKey(privateKey),
    keyId: text('private_key_id'),
    tokenUri: text('token_uri'),
  };
}

/** FCM's message: the notification for every platform, plus each platform's own options. */
export function fcmMessage(token: string, m: PushMessage) {
  const ttl = m.ttlSeconds === undefined ? {} : { ttl: `${m.ttlSeconds}s` };
  return {
    token,
    notification: { title: m.title, body: m.body, ...(m.imageUrl ? { image: m.imageUrl } : {}) },
    ...(m.data || m.url ? { data: { ...m.data, ...(m.url ? { url: m.url } : {}) } } : {}),
    android: {
      priority: m.priority === 'normal' ? 'NORMAL' : 'HIGH',
      ...ttl,
      ...(m.sound ? { notification: { sound: m.sound } } : {}),
    },
    apns: {
      headers: { 'apns-priority': m.priority === 'normal' ? '5' : '10' },
      payload: {
        aps: {
          ...(m.badge === undefined ? {} : { badge: m.badge }),
          ...(m.sound ? { sound: m.sound } : {}),
          ...(m.imageUrl ? { 'mutable-content': 1 } : {}),
        },
      },
    },
  };
}

export function createFcmProvider(
  settings: PushSettings,
  credentials: Credentials,
  deps: ProviderDeps,
): PushProvider {
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const account = serviceAccount(credentials.fcmServiceAccount);
  const tokenUrl =
    settings.fcm?.tokenUrl ?? account.tokenUri ?? 'https://oauth2.googleapis.com/token';
  const endpoint = (settings.fcm?.endpoint ?? 'https://fcm.googleapis.com').replace(/\/+$/, '');
  const sendUrl = `${endpoint}/v1/projects/${encodeURIComponent(account.projectId)}/messages:send`;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchAccessToken(): Promise<string> {
    const now = deps.clock.now();
    const assertion = signJwt(
      'RS256',
      account.keyId ? { kid: account.keyId } : {},
      {
        iss: account.clientEmail,
        scope: SCOPE,
        aud: tokenUrl,
        iat: epochSeconds(now),
        exp: epochSeconds(now) + 3600,
      },
      account.key,
    );
    const answer = await httpRequest(
      tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        }).toString(),
      },
      timeout,
    );
    const body = jsonObject(answer.text);
    const token = body.access_token;
    if (answer.status !== 200 || typeof token !== 'string')
      throw new TokenRefused(answer.status, answer.text.slice(0, 300));
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    cached = { token, renewAt: now.getTime() + lifetime * 1000 - RENEW_EARLY_MS };
    return token;
  }

  /** One token exchange at a time, however many sends wait for it. */
  function accessToken(): Promise<string> {
    if (cached && deps.clock.now().getTime() < cached.renewAt) return Promise.resolve(cached.token);
    pending ??= fetchAccessToken().finally(() => (pending = undefined));
    return pending;
  }

  return {
    async send(push: OutgoingPush): Promise<DeliveryResult> {
      let answer;
      try {
        const token = await accessToken();
        answer = await httpRequest(
          sendUrl,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ message: fcmMessage(push.token, push.message) }),
          },
          timeout,
        );
      } catch (error) {
        // The service account is refused: the configuration's problem, retried once fixed.
        if (error instanceof TokenRefused)
          return failed('transient', `oauth-${error.status}`, error.message);
        return networkFailure(error);
      }
      const body = jsonObject(answer.text);
      if (answer.status >= 200 && answer.status < 300)
        return {
          status: 'sent',
          providerId: typeof body.name === 'string' ? body.name : push.messageId,
        };
      if (answer.status === 401) cached = undefined;
      return (
        fcmFailure(answer.status, body) ??
        classifyHttpStatus(answer.status, `http-${answer.status}`, answer.text.slice(0, 500))
      );
    },
    async close() {},
  };
}

class TokenRefused extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`the token endpoint answered ${status}: ${body}`);
  }
}
