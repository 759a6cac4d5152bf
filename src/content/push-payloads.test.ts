import { describe, expect, it } from 'vitest';
import {
  PUSH_LIMITS,
  apnsPayload,
  fcmMessage,
  jsonBytes,
  pushPayloads,
  webPushPayload,
} from './push-payloads.ts';

const full = {
  title: 'Your order shipped',
  body: 'Ada, it arrives Tuesday',
  imageUrl: 'https://cdn.example/box.png',
  url: 'shop://orders/42',
  data: { orderId: '42' },
  badge: 3,
  sound: 'default',
};

describe('push payloads', () => {
  it('builds the APNs payload: aps with alert, badge, sound, mutable-content; custom keys beside it', () => {
    expect(apnsPayload(full)).toEqual({
      orderId: '42',
      aps: {
        alert: { title: 'Your order shipped', body: 'Ada, it arrives Tuesday' },
        badge: 3,
        sound: 'default',
        'mutable-content': 1,
      },
      url: 'shop://orders/42',
      imageUrl: 'https://cdn.example/box.png',
    });
    expect(apnsPayload({ title: 'T', body: 'B' })).toEqual({
      aps: { alert: { title: 'T', body: 'B' } },
    });
  });

  it('builds the FCM v1 message with string data and per-platform badge and sound', () => {
    expect(fcmMessage(full)).toEqual({
      notification: {
        title: 'Your order shipped',
        body: 'Ada, it arrives Tuesday',
        image: 'https://cdn.example/box.png',
      },
      data: { orderId: '42', url: 'shop://orders/42' },
      android: { notification: { sound: 'default', notification_count: 3 } },
      apns: { payload: { aps: { badge: 3, sound: 'default' } } },
    });
    expect(fcmMessage({ title: 'T', body: 'B' })).toEqual({
      notification: { title: 'T', body: 'B' },
    });
  });

  it('builds the Web Push JSON for showNotification', () => {
    expect(webPushPayload(full)).toEqual({
      title: 'Your order shipped',
      body: 'Ada, it arrives Tuesday',
      image: 'https://cdn.example/box.png',
      data: { orderId: '42', url: 'shop://orders/42' },
      badgeCount: 3,
    });
  });

  it('measures UTF-8 bytes of the JSON and checks each platform limit', () => {
    expect(jsonBytes({ a: 'é' })).toBe(10); // {"a":"é"} with é as two bytes
    const small = pushPayloads(full);
    expect(small.apns.bytes).toBe(jsonBytes(apnsPayload(full)));
    expect(small.apns.fits && small.fcm.fits && small.web.fits).toBe(true);
    expect([small.apns.limit, small.fcm.limit, small.web.limit]).toEqual([4096, 4096, 3993]);
  });

  it('a body between the Web Push and APNs limits fits APNs but not Web Push', () => {
    // Grow the body until the web payload passes 3993 bytes while APNs stays under 4096.
    let body = '';
    while (jsonBytes(webPushPayload({ title: 'T', body })) <= PUSH_LIMITS.web) body += 'x';
    const result = pushPayloads({ title: 'T', body });
    expect(result.web.fits).toBe(false);
    expect(result.web.bytes).toBe(PUSH_LIMITS.web + 1);
    expect(result.apns.fits).toBe(true);
    expect(result.fcm.fits).toBe(true);
  });

  it('multi-byte text counts by bytes, not characters', () => {
    const body = '😀'.repeat(1100); // 4,400 bytes, 2,200 UTF-16 units
    const result = pushPayloads({ title: 'T', body });
    expect(result.apns.fits).toBe(false);
    expect(result.fcm.fits).toBe(false);
    expect(result.web.fits).toBe(false);
  });
});
