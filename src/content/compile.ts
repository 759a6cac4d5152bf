// One entry point for compiling any channel's content once and rendering it per recipient.
import type { RenderOptions } from './expression/index.ts';
import { compileEmail, type CompiledEmail } from './email/compile.ts';
import type { FragmentResolver } from './include.ts';
import type { ChannelContent, PreviewResult } from './model.ts';
import { byteLength } from './problems.ts';
import { compilePush, type CompiledPush } from './push-compile.ts';
import { compileSms, type CompiledSms } from './sms-compile.ts';

export type CompiledContent =
  | { channel: 'email'; email: CompiledEmail }
  | { channel: 'sms'; sms: CompiledSms }
  | { channel: 'push'; push: CompiledPush };

export interface ContentCompileOptions {
  resolveFragment?: FragmentResolver;
  pathPrefix?: string;
}

export async function compileContent(
  input: ChannelContent,
  options: ContentCompileOptions = {},
): Promise<CompiledContent> {
  switch (input.channel) {
    case 'email':
      return { channel: 'email', email: await compileEmail(input.content, options) };
    case 'sms':
      return { channel: 'sms', sms: compileSms(input.content, options) };
    case 'push':
      return { channel: 'push', push: compilePush(input.content, options) };
  }
}

/** Every personalisable text of a content, for finding the fragments it includes. */
export function contentSources(input: ChannelContent): string[] {
  switch (input.channel) {
    case 'email': {
      const c = input.content;
      return [c.subject, c.preheader, c.body, c.text, c.senderName, c.replyTo].filter(
        (text): text is string => text !== undefined,
      );
    }
    case 'sms':
      return [input.content.body];
    case 'push': {
      const c = input.content;
      return [c.title, c.body, c.imageUrl, c.url, ...Object.values(c.data ?? {})].filter(
        (text): text is string => text !== undefined,
      );
    }
  }
}

export function renderContent(
  compiled: CompiledContent,
  data: unknown,
  options?: RenderOptions,
): PreviewResult {
  switch (compiled.channel) {
    case 'email': {
      const out = compiled.email.render(data, options);
      return {
        channel: 'email',
        ...out,
        sizes: { html: byteLength(out.html), text: byteLength(out.text) },
      };
    }
    case 'sms': {
      const out = compiled.sms.render(data, options);
      return { channel: 'sms', text: out.text, analysis: out.analysis };
    }
    case 'push': {
      const out = compiled.push.render(data, options);
      return {
        channel: 'push',
        title: out.title,
        body: out.body,
        imageUrl: out.imageUrl ?? null,
        url: out.url ?? null,
        payloads: out.payloads,
      };
    }
  }
}
