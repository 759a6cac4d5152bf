// The template language: AJO-compatible personalization (`{{…}}` Handlebars and `{%…%}` expressions).
export { compileTemplate, DEFAULT_LIMITS } from './template.ts';
export type { CompileOptions, CompiledTemplate, RenderOptions } from './template.ts';
export type { RenderLimits } from './compile.ts';
export { RenderError, TemplateError } from './errors.ts';
export { FUNCTION_LIBRARY } from './functions/library.ts';
export { fragmentReferences, templateTags } from './tags.ts';
export type { TagSpan } from './tags.ts';
