// First pass over a template: splits it into text and tags (`{{…}}`, `{{{…}}}`, `{%…%}`), applies
// `~` whitespace control and drops the lines that hold only a block tag, as Handlebars does, so a
// template laid out one tag per line does not leave blank lines in the output.
import type { LineMap } from './errors.ts';
import { TemplateError } from './errors.ts';

export type Syntax = 'handlebars' | 'expression';
export type TagKind = 'output' | 'raw' | 'open' | 'close' | 'else' | 'let' | 'fragment' | 'comment';

export interface TextSegment {
  readonly kind: 'text';
  value: string;
}

export interface TagSegment {
  readonly kind: 'tag';
  readonly syntax: Syntax;
  readonly tag: TagKind;
  /** The tag's content after its sigil, e.g. `if x` for `{{#if x}}`. */
  readonly body: string;
  readonly bodyOffset: number;
  readonly offset: number;
  /** Offset just past the tag's closing braces. */
  readonly end: number;
}

export type Segment = TextSegment | TagSegment;

interface Trim {
  before: boolean;
  after: boolean;
}

const STANDALONE_KINDS = new Set<TagKind>(['open', 'close', 'else', 'let', 'comment']);

export function scanTemplate(source: string, lines: LineMap): Segment[] {
  const segments: Segment[] = [];
  const trims = new Map<TagSegment, Trim>();
  let textStart = 0;
  let i = 0;
  const pushText = (value: string): void => {
    const last = segments[segments.length - 1];
    if (last?.kind === 'text') last.value += value;
    else if (value !== '') segments.push({ kind: 'text', value });
  };
  while (i < source.length) {
    const open = nextOpening(source, i);
    if (open < 0) break;
    if (open > 0 && source[open - 1] === '\\') {
      // `\{{` writes the braces literally.
      pushText(source.slice(textStart, open - 1) + source.slice(open, open + 2));
      i = textStart = open + 2;
      continue;
    }
    pushText(source.slice(textStart, open));
    const scanned =
      source[open + 1] === '{'
        ? scanHandlebarsTag(source, open, lines)
        : scanExpressionTag(source, open, lines);
    segments.push(scanned.segment);
    trims.set(scanned.segment, scanned.trim);
    i = textStart = scanned.end;
  }
  pushText(source.slice(textStart));
  applyWhitespaceControl(segments, trims);
  return segments;
}

function nextOpening(source: string, from: number): number {
  const braces = source.indexOf('{{', from);
  const percent = source.indexOf('{%', from);
  if (braces < 0) return percent;
  if (percent < 0) return braces;
  return Math.min(braces, percent);
}

/** Finds `closer` after `from`, skipping over quoted strings so `"}}"` inside one does not end the tag. */
function findClose(source: string, from: number, closer: string, quotes: string): number {
  let i = from;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (quotes.includes(char)) {
      i++;
      while (i < source.length && source[i] !== char) i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (source.startsWith(closer, i)) return i;
    i++;
  }
  return -1;
}

function unclosed(open: string, close: string, offset: number, lines: LineMap): TemplateError {
  return new TemplateError(`'${open}' is not closed: expected '${close}'`, lines.position(offset));
}

function scanHandlebarsTag(
  source: string,
  offset: number,
  lines: LineMap,
): { segment: TagSegment; trim: Trim; end: number } {
  let start = offset + 2;
  const trim: Trim = { before: false, after: false };
  if (source[start] === '~') {
    trim.before = true;
    start++;
  }
  const make = (tag: TagKind, bodyStart: number, bodyEnd: number, end: number) => ({
    segment: {
      kind: 'tag' as const,
      syntax: 'handlebars' as const,
      tag,
      body: source.slice(bodyStart, bodyEnd),
      bodyOffset: bodyStart,
      offset,
      end,
    },
    trim,
    end,
  });
  const closeAt = (
    closer: string,
    from: number,
    quotes: string,
  ): { bodyEnd: number; end: number } => {
    const at = findClose(source, from, closer, quotes);
    if (at < 0) throw unclosed(source.slice(offset, from), closer, offset, lines);
    const tilde = source[at - 1] === '~' && at - 1 >= from;
    if (tilde) trim.after = true;
    return { bodyEnd: tilde ? at - 1 : at, end: at + closer.length };
  };
  const sigil = source[start];
  if (sigil === '!') {
    const long = source.startsWith('!--', start);
    const { bodyEnd, end } = closeAt(long ? '--}}' : '}}', start, '');
    return make('comment', start + 1, bodyEnd, end);
  }
  if (sigil === '{') {
    const { bodyEnd, end } = closeAt('}}}', start + 1, '"\'');
    return make('raw', start + 1, bodyEnd, end);
  }
  const { bodyEnd, end } = closeAt('}}', start, '"\'');
  switch (sigil) {
    case '#':
      return make('open', start + 1, bodyEnd, end);
    case '/':
      return make('close', start + 1, bodyEnd, end);
    case '>':
      return make('fragment', start + 1, bodyEnd, end);
    case '&':
      return make('raw', start + 1, bodyEnd, end);
    case '^':
      throw new TemplateError(
        "'{{^' is not supported: use {{#unless …}} or {{else}}",
        lines.position(offset),
      );
    default:
      return make(
        /^\s*else(\s|$)/.test(source.slice(start, bodyEnd)) ? 'else' : 'output',
        start,
        bodyEnd,
        end,
      );
  }
}

function scanExpressionTag(
  source: string,
  offset: number,
  lines: LineMap,
): { segment: TagSegment; trim: Trim; end: number } {
  const start = offset + 2;
  const close = findClose(source, start, '%}', '"\'`');
  if (close < 0) throw unclosed('{%', '%}', offset, lines);
  const make = (tag: TagKind, bodyStart: number) => ({
    segment: {
      kind: 'tag' as const,
      syntax: 'expression' as const,
      tag,
      body: source.slice(bodyStart, close),
      bodyOffset: bodyStart,
      offset,
      end: close + 2,
    },
    trim: { before: false, after: false },
    end: close + 2,
  });
  const sigil = source[start];
  if (sigil === '=') return make('output', start + 1);
  if (sigil === '#') return make('open', start + 1);
  if (sigil === '/') return make('close', start + 1);
  const body = source.slice(start, close);
  if (/^\s*else(\s|$)/.test(body)) return make('else', start);
  if (/^\s*let\s/.test(body)) {
    return make('let', start + body.indexOf('let') + 3);
  }
  throw new TemplateError(
    "expected '{%=', '{%#', '{%/', '{%else' or '{% let' after '{%'",
    lines.position(offset),
  );
}

function applyWhitespaceControl(segments: Segment[], trims: Map<TagSegment, Trim>): void {
  // Decide which tags stand alone on their line before trimming anything, so that trimming one
  // tag's line does not change the verdict for its neighbour.
  const standalone = segments.map((segment, index) => {
    if (segment.kind !== 'tag' || !STANDALONE_KINDS.has(segment.tag)) return false;
    const before = segments[index - 1];
    const after = segments[index + 1];
    const lineStartsHere =
      before === undefined ||
      (before.kind === 'text' &&
        blankBeforeEnd(before.value) !== -2 &&
        (index - 1 === 0 || before.value.includes('\n')));
    const lineEndsHere =
      after === undefined ||
      (after.kind === 'text' &&
        blankLineStartLength(after.value) >= 0 &&
        (index + 1 === segments.length - 1 || after.value.includes('\n')));
    return lineStartsHere && lineEndsHere;
  });
  segments.forEach((segment, index) => {
    if (segment.kind !== 'tag') return;
    const trim = trims.get(segment);
    const before = segments[index - 1];
    const after = segments[index + 1];
    if (before?.kind === 'text') {
      if (trim?.before) before.value = before.value.trimEnd();
      else if (standalone[index])
        before.value = before.value.slice(0, blankTailStart(before.value));
    }
    if (after?.kind === 'text') {
      if (trim?.after) after.value = after.value.trimStart();
      else if (standalone[index])
        after.value = after.value.slice(blankLineStartLength(after.value));
    }
  });
}

// Hand-written scans rather than regular expressions: these run on author text of any length and
// must stay linear.

function isBlank(code: number | undefined): boolean {
  return code === 32 || code === 9;
}

/** Index where the run of spaces and tabs at the end of `text` starts. */
function blankTailStart(text: string): number {
  let i = text.length;
  while (i > 0 && isBlank(text.charCodeAt(i - 1))) i--;
  return i;
}

/** -2 when the last line of `text` has something other than spaces and tabs. */
function blankBeforeEnd(text: string): number {
  const start = blankTailStart(text);
  return start === 0 || text.charCodeAt(start - 1) === 10 ? start : -2;
}

/** Length of the leading blank line (spaces, tabs and its line break), or -1 if it is not blank. */
function blankLineStartLength(text: string): number {
  let i = 0;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (i === text.length) return i;
  if (text.charCodeAt(i) === 10) return i + 1;
  if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) return i + 2;
  return -1;
}
