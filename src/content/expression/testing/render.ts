// Test helper: compile and render in one call, at a fixed "now".
import { compileTemplate, type CompileOptions, type RenderOptions } from '../template.ts';

/** 2025-01-07T12:17:10.720+05:30, the "current date" of AJO's ageInDays example. */
export const NOW = Date.parse('2025-01-07T06:47:10.720Z');

export function render(
  template: string,
  data: unknown = {},
  options: CompileOptions & RenderOptions = {},
): string {
  return compileTemplate(template, options).render(data, { now: NOW, ...options });
}
