// `clarion render`: the real command in a child process, and its argument handling in-process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLARION_BIN } from '../testing/processes.ts';
import { renderCommand } from './render-command.ts';

function clarion(args: string[]) {
  const result = spawnSync(process.execPath, [CLARION_BIN, 'render', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clarion-render-')), name);
  writeFileSync(file, content);
  return file;
}

class Capture {
  text = '';
  write(chunk: string): void {
    this.text += chunk;
  }
}

async function run(args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await renderCommand(args, stdout, stderr);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('clarion render (real command)', () => {
  it('renders a template file with a data file to stdout', () => {
    const template = tempFile(
      'sms.txt',
      'Hi {{profile.firstName}}, your code is {%= upperCase(context.code) %}',
    );
    const data = tempFile(
      'data.json',
      JSON.stringify({ profile: { firstName: 'Ada' }, context: { code: 'ab12' } }),
    );
    expect(clarion(['--template', template, '--data', data])).toEqual({
      code: 0,
      stdout: 'Hi Ada, your code is AB12',
      stderr: '',
    });
  });

  it('exits 1 with line:col and the reason on stderr for a template error', () => {
    const result = clarion(['--inline', 'Hello\n  {%= uperCase(profile.name) %}']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("2:7 unknown function 'uperCase' — did you mean 'upperCase'?\n");
  });
});

describe('clarion render arguments', () => {
  it('renders --inline text without data', async () => {
    expect(await run(['--inline=[{%= profile.x ?: "none" %}]'])).toEqual({
      code: 0,
      stdout: '[none]',
      stderr: '',
    });
  });

  it('escapes for HTML unless --escape none', async () => {
    const data = tempFile('d.json', '{"profile": {"name": "Tom & Jerry"}}');
    expect((await run(['--inline', '{{profile.name}}', '--data', data])).stdout).toBe(
      'Tom &amp; Jerry',
    );
    expect(
      (await run(['--inline', '{{profile.name}}', '--data', data, '--escape', 'none'])).stdout,
    ).toBe('Tom & Jerry');
  });

  it('reports a render limit like a template error', async () => {
    const data = tempFile(
      'd.json',
      JSON.stringify({ profile: { list: Array.from({ length: 20_000 }, () => 1) } }),
    );
    expect(await run(['--inline', '{{#each profile.list}}.{{/each}}', '--data', data])).toEqual({
      code: 1,
      stdout: '',
      stderr: '1:1 more than 10000 loop iterations in one render\n',
    });
  });

  it.each([
    [[], 'Give the template with exactly one of --template FILE and --inline TEXT.'],
    [
      ['--inline', 'a', '--template', 'b'],
      'Give the template with exactly one of --template FILE and --inline TEXT.',
    ],
    [['--inline'], 'Option --inline needs a value.'],
    [['--bogus', '1'], 'Unknown option "--bogus".'],
    [['--inline', 'a', '--escape', 'xml'], '--escape must be html or none.'],
  ])('%j is a usage error', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${message}\nUsage: clarion render --template FILE | --inline 'TEXT'  [--data FILE] [--escape html|none]\n`,
    );
  });

  it('names a data file that is not JSON', async () => {
    const data = tempFile('bad.json', '{ nope');
    const result = await run(['--inline', 'x', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.json: not valid JSON/);
  });

  it('exits 2 for a template file that cannot be read', async () => {
    const result = await run(['--template', '/nonexistent/template.html']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ENOENT/);
  });
});
