// Content: render and preview, fragments, templates, and what the editors pick from.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  ContentTemplate,
  Fragment,
  PreviewResult,
  TemplateSummary,
  type ContentChannel,
  type FragmentInput,
  type PreviewRequest,
  type TemplateInput,
  type TemplateProblem,
} from '../../../src/content/model.ts';
import { Page } from '../../../src/platform/model.ts';
import { ApiError, apiRequest } from './client.ts';

export type {
  ChannelContent,
  ContentChannel,
  ContentTemplate,
  EmailContent,
  Fragment,
  FragmentInput,
  PreviewResult,
  PushContent,
  SmsContent,
  TemplateInput,
  TemplateProblem,
  TemplateSummary,
} from '../../../src/content/model.ts';

const FragmentPage = Page(Fragment);
const TemplatePage = Page(TemplateSummary);
const FunctionList = Type.Object({
  items: Type.Array(
    Type.Object({ name: Type.String(), minArgs: Type.Integer(), maxArgs: Type.Integer() }),
  ),
});
export type FunctionInfo = Static<typeof FunctionList>['items'][number];

const Problem = Type.Object({
  path: Type.String(),
  message: Type.String(),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
  fragment: Type.Optional(Type.String()),
});

/** The positioned problems of a failed save or preview (empty for other failures). */
export function problemsOf(error: unknown): TemplateProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.filter((item): item is TemplateProblem => Value.Check(Problem, item));
}

export const fragmentPath = (id: string) => `/content/fragments/${encodeURIComponent(id)}`;
export const templatePath = (id: string) => `/content/templates/${encodeURIComponent(id)}`;

export function previewContent(body: PreviewRequest) {
  return apiRequest('/content/preview', { method: 'POST', body, schema: PreviewResult });
}

export function listFunctions() {
  return apiRequest('/content/functions', { schema: FunctionList });
}

export function listFragments(q: string, cursor: string | undefined) {
  return apiRequest('/content/fragments', {
    query: { q, cursor, limit: 50 },
    schema: FragmentPage,
  });
}
export function getFragment(id: string) {
  return apiRequest(fragmentPath(id), { schema: Fragment });
}
export function createFragment(body: FragmentInput) {
  return apiRequest('/content/fragments', { method: 'POST', body, schema: Fragment });
}
export function updateFragment(id: string, body: FragmentInput) {
  return apiRequest(fragmentPath(id), { method: 'PUT', body, schema: Fragment });
}
export function deleteFragment(id: string) {
  return apiRequest(fragmentPath(id), { method: 'DELETE' });
}

export function listTemplates(
  query: { q: string; channel: ContentChannel | null },
  cursor: string | undefined,
) {
  return apiRequest('/content/templates', {
    query: { q: query.q, channel: query.channel, cursor, limit: 50 },
    schema: TemplatePage,
  });
}
export function getTemplate(id: string) {
  return apiRequest(templatePath(id), { schema: ContentTemplate });
}
export function createTemplate(body: TemplateInput) {
  return apiRequest('/content/templates', { method: 'POST', body, schema: ContentTemplate });
}
export function updateTemplate(id: string, body: TemplateInput) {
  return apiRequest(templatePath(id), { method: 'PUT', body, schema: ContentTemplate });
}
export function deleteTemplate(id: string) {
  return apiRequest(templatePath(id), { method: 'DELETE' });
}
