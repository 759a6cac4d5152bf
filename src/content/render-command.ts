// clarion render --template FILE | --inline 'TEXT'  [--data FILE] [--escape html|none]
// Renders a template for the data in a JSON file ({"profile": {...}, "context": {...}}) and
// prints the result; a template error prints `line:col message` and exits 1.
import { readFile } from 'node:fs/promises';
import { RenderError, TemplateError, compileTemplate } from './expression/index.ts';

export const RENDER_USAGE =
  "Usage: clarion render --template FILE | --inline 'TEXT'  [--data FILE] [--escape html|none]";

interface Output {
  write(text: string): unknown;
}

interface RenderArgs {
  template?: string;
  inline?: string;
  data?: string;
  escape?: string;
}

const OPTIONS = new Set(['--template', '--inline', '--data', '--escape']);

function parseArgs(args: readonly string[]): RenderArgs | string {
  const parsed: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const equals = arg.indexOf('=');
    const flag = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    if (!OPTIONS.has(flag)) return `Unknown option "${arg}".`;
    const value = equals > 0 && flag !== arg ? arg.slice(equals + 1) : args[++i];
    if (value === undefined) return `Option ${flag} needs a value.`;
    parsed[flag.slice(2)] = value;
  }
  if ((parsed.template === undefined) === (parsed.inline === undefined))
    return 'Give the template with exactly one of --template FILE and --inline TEXT.';
  if (parsed.escape !== undefined && parsed.escape !== 'html' && parsed.escape !== 'none')
    return '--escape must be html or none.';
  return parsed;
}

/** Exit code: 0 rendered, 1 template, render or data error, 2 wrong usage or unreadable file. */
export async function renderCommand(
  args: readonly string[],
  stdout: Output = process.stdout,
  stderr: Output = process.stderr,
): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    stderr.write(`${parsed}\n${RENDER_USAGE}\n`);
    return 2;
  }
  let source: string;
  let data: unknown = {};
  try {
    source = parsed.inline ?? (await readFile(parsed.template ?? '', 'utf8'));
    if (parsed.data !== undefined) {
      const text = await readFile(parsed.data, 'utf8');
      try {
        data = JSON.parse(text) as unknown;
      } catch (error) {
        stderr.write(`${parsed.data}: not valid JSON (${(error as Error).message})\n`);
        return 1;
      }
    }
  } catch (error) {
    stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const template = compileTemplate(source, {
      escape: parsed.escape === 'none' ? 'none' : 'html',
    });
    stdout.write(template.render(data));
    return 0;
  } catch (error) {
    if (error instanceof TemplateError || error instanceof RenderError) {
      stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
