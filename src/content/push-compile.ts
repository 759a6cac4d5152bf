// Push content compiled once (every text field is a plain-text template), rendered per recipient
// into the payload of each platform with its size.
import type { CompiledTemplate, RenderOptions } from './expression/index.ts';
import type { FragmentResolver } from './include.ts';
import type { PushContent } from './model.ts';
import { Problems, renderField } from './problems.ts';
import {
  pushPayloads,
  type PlatformPayload,
  type PushPlatform,
  type RenderedPush,
} from './push-payloads.ts';

export interface RenderedPushMessage extends RenderedPush {
  payloads: Record<PushPlatform, PlatformPayload>;
}

export interface CompiledPush {
  render(data: unknown, options?: RenderOptions): RenderedPushMessage;
}

export function compilePush(
  content: PushContent,
  options: { resolveFragment?: FragmentResolver; pathPrefix?: string } = {},
): CompiledPush {
  const problems = new Problems(options.pathPrefix);
  const settings = { escape: 'none' as const, resolveFragment: options.resolveFragment };
  const optional = (field: string, source: string | undefined) =>
    source === undefined ? undefined : problems.compile(field, source, settings);
  const title = problems.compile('/title', content.title, settings);
  const body = problems.compile('/body', content.body, settings);
  const imageUrl = optional('/imageUrl', content.imageUrl);
  const url = optional('/url', content.url);
  const data: [string, CompiledTemplate | undefined][] = Object.entries(content.data ?? {}).map(
    ([key, value]) => [key, problems.compile(`/data/${escapePointer(key)}`, value, settings)],
  );
  if (content.data && 'aps' in content.data)
    problems.add({ path: problems.path('/data/aps'), message: 'aps is reserved by APNs' });
  problems.throwIfAny();
  if (!title || !body) throw new Error('unreachable: problems were thrown');

  return {
    render(input, renderOptions) {
      const field = (path: string, template: CompiledTemplate) =>
        renderField(problems.path(path), template, input, renderOptions);
      const rendered: RenderedPush = {
        title: field('/title', title),
        body: field('/body', body),
        imageUrl: imageUrl ? field('/imageUrl', imageUrl).trim() : undefined,
        url: url ? field('/url', url).trim() : undefined,
        data:
          data.length > 0
            ? Object.fromEntries(
                data.map(([key, template]) => [
                  key,
                  template ? field(`/data/${escapePointer(key)}`, template) : '',
                ]),
              )
            : undefined,
        badge: content.badge,
        sound: content.sound,
      };
      return { ...rendered, payloads: pushPayloads(rendered) };
    },
  };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
