import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trackEmail, trackText } from './links.ts';
import { signClaim, verifyClaim, type TrackingClaim } from './tokens.ts';

const SECRET = 'tracking-secret-0123456789abcdefghijklmnop';
const ref = {
  sandboxId: '5af92622-4a15-4380-9d1b-85ec4f6296b4',
  executionId: '0f3c8e61-5a7b-4c0e-9a51-0d2f6a1b7c11',
  recipientKey: 'a4c3b1f0-1111-4222-8333-944455556666',
  actionId: 'email-1',
};

const claims: fc.Arbitrary<TrackingClaim> = fc.oneof(
  fc.constant({ kind: 'open' as const, ...ref }),
  fc.constant({ kind: 'mirror' as const, ...ref }),
  fc
    .record({ link: fc.nat(500), url: fc.webUrl() })
    .map((c) => ({ kind: 'click' as const, ...ref, ...c })),
  fc
    .constantFrom('email', 'sms', 'push')
    .map((channel) => ({ kind: 'unsubscribe' as const, ...ref, channel })),
);

describe('tracking tokens', () => {
  it('give back exactly what was signed', () => {
    fc.assert(
      fc.property(claims, (claim) => {
        expect(verifyClaim(SECRET, signClaim(SECRET, claim))).toEqual(claim);
      }),
    );
  });

  it('refuse any changed character, another secret, and garbage', () => {
    fc.assert(
      fc.property(claims, fc.nat(), fc.constantFrom(...'ABCxyz019-_.'), (claim, at, char) => {
        const token = signClaim(SECRET, claim);
        const i = at % token.length;
        if (token[i] === char) return;
        const changed = token.slice(0, i) + char + token.slice(i + 1);
        expect(verifyClaim(SECRET, changed)).toBeUndefined();
      }),
    );
    const token = signClaim(SECRET, { kind: 'open', ...ref });
    expect(verifyClaim('another-secret-0123456789abcdefghijklmnop', token)).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(verifyClaim(SECRET, text)).toBeUndefined();
      }),
    );
  });
});

describe('tracked email', () => {
  it('rewrites the inventory links in order, leaves others, and adds the pixel', () => {
    const html =
      '<html><body><a href="https://shop.example.com/a?x=1&amp;y=2">A</a> <a href="mailto:help@shop.example.com">mail</a> <a href=\'https://other.example.com\'>from data</a> <a href="https://shop.example.com/b">B</a></body></html>';
    const out = trackEmail({ secret: SECRET, publicUrl: 'https://mail.example.com/' }, ref, html, [
      { index: 0, url: 'https://shop.example.com/a?x=1&y=2' },
      { index: 1, url: 'https://shop.example.com/b' },
    ]);
    const hrefs = [...out.matchAll(/href="([^"]*)"|href='([^']*)'/g)].map((m) => m[1] ?? m[2]);
    expect(hrefs[1]).toBe('mailto:help@shop.example.com');
    expect(hrefs[2]).toBe('https://other.example.com');
    const clicks = [hrefs[0], hrefs[3]].map((href) => {
      expect(href).toMatch(/^https:\/\/mail\.example\.com\/t\/c\//);
      return verifyClaim(SECRET, href!.split('/t/c/')[1]!);
    });
    expect(clicks).toEqual([
      { kind: 'click', ...ref, link: 0, url: 'https://shop.example.com/a?x=1&y=2' },
      { kind: 'click', ...ref, link: 1, url: 'https://shop.example.com/b' },
    ]);
    expect(out).toMatch(
      /<img src="https:\/\/mail\.example\.com\/t\/o\/[^"]+"[^>]*><\/body><\/html>$/,
    );
  });

  it('tracks the inventory URLs that stand alone in the text, and nothing inside other URLs', () => {
    const base = { secret: SECRET, publicUrl: 'https://mail.example.com' };
    const text =
      'Sale [https://shop.example.com/a?x=1&y=2]\nhttps://shop.example.com/b.\nhttps://shop.example.com/bb ' +
      'https://go.example.com/?to=https://shop.example.com/b (https://shop.example.com/b)';
    const out = trackText(base, ref, text, [
      { index: 0, url: 'https://shop.example.com/a?x=1&y=2' },
      { index: 1, url: 'https://shop.example.com/b' },
      { index: 2, url: 'mailto:help@shop.example.com' },
    ]);
    const tracked = [...out.matchAll(/https:\/\/mail\.example\.com\/t\/c\/([\w-]+\.[\w-]+)/g)].map(
      (m) => verifyClaim(SECRET, m[1]!),
    );
    expect(tracked).toEqual([
      { kind: 'click', ...ref, link: 0, url: 'https://shop.example.com/a?x=1&y=2' },
      { kind: 'click', ...ref, link: 1, url: 'https://shop.example.com/b' },
      { kind: 'click', ...ref, link: 1, url: 'https://shop.example.com/b' },
    ]);
    expect(out).toMatch(/^Sale \[https:\/\/mail\.example\.com\/t\/c\/[\w.-]+\]\n/);
    expect(out).toContain(
      '\nhttps://shop.example.com/bb https://go.example.com/?to=https://shop.example.com/b (',
    );
    expect(out).toMatch(/[\w-]\.\nhttps:\/\/shop/);
  });
});
