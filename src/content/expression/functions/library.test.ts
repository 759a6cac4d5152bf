// Every function of the library is called by at least one row of the table-driven tests beside
// this file, so a function added without a test fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTION_LIBRARY } from './library.ts';

const folder = fileURLToPath(new URL('.', import.meta.url));
const tests = readdirSync(folder)
  .filter((file) => file.endsWith('.test.ts') && file !== 'library.test.ts')
  .map((file) => readFileSync(`${folder}/${file}`, 'utf8'))
  .join('\n');

describe('function library', () => {
  it.each(Object.keys(FUNCTION_LIBRARY))('%s is called in a test', (name) => {
    const called = [`${name}(`, `${name} (`, `{{${name} `, `{{{${name} `, `(${name} `].some(
      (form) => tests.includes(form),
    );
    expect(called).toBe(true);
  });
});
