// URL functions of AJO's string library.
import { text } from './arguments.ts';
import { define, type FunctionTable } from './library-function.ts';

function parseUrl(value: unknown): URL | undefined {
  const input = text(value);
  if (input === undefined || !URL.canParse(input)) return undefined;
  return new URL(input);
}

function urlPart(read: (url: URL) => string) {
  return define(1, 1, ([value]) => {
    const url = parseUrl(value);
    return url === undefined ? null : read(url);
  });
}

function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

export const URL_FUNCTIONS: FunctionTable = {
  getUrlHost: urlPart((url) => url.hostname),
  getUrlPath: urlPart((url) => url.pathname),
  // Like Java's URL.getProtocol(): the scheme without its colon.
  getUrlProtocol: urlPart((url) => url.protocol.replace(/:$/, '')),
  getUrlFragment: urlPart((url) => url.hash.replace(/^#/, '')),
  /** Sets `key=value` in the query, replacing an existing `key`, before any `#fragment`. */
  appendQueryParams: define(3, 3, ([value, key, parameter]) => {
    const input = text(value);
    const name = text(key);
    if (input === undefined) return null;
    if (name === undefined || name === '') return input;
    const hashAt = input.indexOf('#');
    const fragment = hashAt < 0 ? '' : input.slice(hashAt);
    const beforeFragment = hashAt < 0 ? input : input.slice(0, hashAt);
    const queryAt = beforeFragment.indexOf('?');
    const base = queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt);
    const query = queryAt < 0 ? '' : beforeFragment.slice(queryAt + 1);
    const encodedKey = encodeQueryComponent(name);
    const kept = query
      .split('&')
      .filter(
        (pair) => pair !== '' && pair.split('=')[0] !== encodedKey && pair.split('=')[0] !== name,
      );
    kept.push(`${encodedKey}=${encodeQueryComponent(text(parameter) ?? '')}`);
    return `${base}?${kept.join('&')}${fragment}`;
  }),
};
