// Second pass: turns the scanned segments into a tree of blocks, checking that every block is
// closed by its own name and that `else` appears only where it can.
import type { Expr, TemplateNode } from './ast.ts';
import { LineMap, TemplateError, type Position } from './errors.ts';
import {
  TokenStream,
  describe,
  parseBlockParams,
  parseExpression,
  parseHandlebarsExpression,
  parseHandlebarsParam,
} from './expression-parser.ts';
import { tokenize } from './lexer.ts';
import { scanTemplate, type Syntax, type TagSegment } from './scanner.ts';

type Helper = 'if' | 'unless' | 'each' | 'with';

/** Deeper block nesting is refused, so compiling and rendering stay within the stack. */
const MAX_BLOCK_DEPTH = 100;

interface Frame {
  readonly helper: Helper;
  readonly syntax: Syntax;
  readonly pos: Position;
  readonly build: (body: TemplateNode[], otherwise: TemplateNode[]) => TemplateNode;
  /** For `if`/`unless`: the branches so far; the last one is being filled. */
  readonly branches: { condition: Expr; negate: boolean; body: TemplateNode[] }[];
  body: TemplateNode[];
  otherwise: TemplateNode[] | undefined;
}

export function parseTemplate(source: string): TemplateNode[] {
  const lines = new LineMap(source);
  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  const current = (): TemplateNode[] => {
    const frame = stack[stack.length - 1];
    if (!frame) return root;
    return frame.otherwise ?? frame.body;
  };
  for (const segment of scanTemplate(source, lines)) {
    if (segment.kind === 'text') {
      if (segment.value !== '') current().push({ kind: 'text', value: segment.value });
      continue;
    }
    if (segment.tag === 'comment') continue;
    const pos = lines.position(segment.offset);
    const stream = new TokenStream(
      tokenize(segment.body, segment.bodyOffset, segment.syntax, lines),
      lines,
    );
    switch (segment.tag) {
      case 'output':
      case 'raw': {
        if (stream.peek().kind === 'eof') stream.fail('expected a value');
        const expr =
          segment.syntax === 'expression'
            ? parseExpression(stream)
            : parseHandlebarsExpression(stream);
        stream.expectEnd();
        current().push({ kind: 'output', expr, escape: segment.tag === 'output', pos });
        break;
      }
      case 'let': {
        const name = stream.expectName('a variable name after let');
        if (
          !name.quoted &&
          ['true', 'false', 'null', 'this', 'and', 'or', 'not'].includes(name.text)
        )
          stream.fail(`'${name.text}' cannot be a variable name`, name);
        stream.expectPunct('=', "'=' after the variable name");
        const value = parseExpression(stream);
        stream.expectEnd();
        current().push({ kind: 'let', name: name.text, value, pos });
        break;
      }
      case 'fragment': {
        const name = segment.body.trim().replace(/^(["'])(.*)\1$/, '$2');
        if (!/^[\w./-]+$/.test(name))
          throw new TemplateError('expected a fragment name after {{>', pos);
        current().push({ kind: 'fragment', name, pos });
        break;
      }
      case 'open':
        if (stack.length >= MAX_BLOCK_DEPTH)
          throw new TemplateError(`blocks are nested more than ${MAX_BLOCK_DEPTH} deep`, pos);
        stack.push(openBlock(segment, stream, pos));
        break;
      case 'else':
        elseBranch(stack[stack.length - 1], segment, stream, pos);
        break;
      case 'close': {
        const frame = stack.pop();
        const name = stream.expectName('the name of the block to close');
        stream.expectEnd();
        if (!frame) throw new TemplateError(`'${name.text}' closes no open block`, pos);
        if (frame.helper !== name.text || frame.syntax !== segment.syntax)
          throw new TemplateError(
            `${closeTag(segment.syntax, name.text)} does not match ${openTag(frame)} opened at ${frame.pos.line}:${frame.pos.column}`,
            pos,
          );
        current().push(frame.build(frame.body, frame.otherwise ?? []));
        break;
      }
    }
  }
  const open = stack.pop();
  if (open)
    throw new TemplateError(
      `${openTag(open)} is not closed: expected ${closeTag(open.syntax, open.helper)}`,
      open.pos,
    );
  return root;
}

function openTag(frame: Frame): string {
  return frame.syntax === 'expression' ? `{%#${frame.helper}%}` : `{{#${frame.helper}}}`;
}

function closeTag(syntax: Syntax, helper: string): string {
  return syntax === 'expression' ? `{%/${helper}%}` : `{{/${helper}}}`;
}

function condition(segment: TagSegment, stream: TokenStream): Expr {
  if (stream.peek().kind === 'eof') stream.fail('expected a condition');
  const expr =
    segment.syntax === 'expression' ? parseExpression(stream) : parseHandlebarsParam(stream);
  stream.expectEnd();
  return expr;
}

function openBlock(segment: TagSegment, stream: TokenStream, pos: Position): Frame {
  const nameToken = stream.expectName('a block name such as if, unless, each or with');
  const helper = nameToken.text;
  if (helper === 'if' || helper === 'unless') {
    const branches = [
      { condition: condition(segment, stream), negate: helper === 'unless', body: [] },
    ];
    return {
      helper,
      syntax: segment.syntax,
      pos,
      branches,
      body: branches[0]?.body ?? [],
      otherwise: undefined,
      build: (_body, otherwise) => ({
        kind: 'conditional',
        branches: branches,
        otherwise,
        pos,
      }),
    };
  }
  if ((helper === 'each' || helper === 'with') && segment.syntax === 'handlebars') {
    if (stream.peek().kind === 'eof') stream.fail(`expected a value after #${helper}`);
    const value = parseHandlebarsParam(stream);
    const params = parseBlockParams(stream);
    stream.expectEnd();
    if (params.length > (helper === 'each' ? 2 : 1))
      stream.fail(`#${helper} takes at most ${helper === 'each' ? 2 : 1} block parameters`);
    return {
      helper,
      syntax: segment.syntax,
      pos,
      branches: [],
      body: [],
      otherwise: undefined,
      build: (body, otherwise) =>
        helper === 'each'
          ? {
              kind: 'each',
              list: value,
              itemName: params[0],
              indexName: params[1],
              body,
              otherwise,
              pos,
            }
          : { kind: 'with', value, alias: params[0], body, otherwise, pos },
    };
  }
  const known =
    segment.syntax === 'expression'
      ? '{%#if%} and {%#unless%}'
      : '{{#if}}, {{#unless}}, {{#each}} and {{#with}}';
  return stream.fail(`unknown block '${helper}': the blocks are ${known}`, nameToken);
}

function elseBranch(
  frame: Frame | undefined,
  segment: TagSegment,
  stream: TokenStream,
  pos: Position,
): void {
  stream.expectName('else');
  if (!frame) throw new TemplateError('else outside of a block', pos);
  if (frame.otherwise !== undefined)
    throw new TemplateError(`${openTag(frame)} already has an else`, pos);
  if (stream.peek().kind === 'eof') {
    frame.otherwise = [];
    return;
  }
  const chained = stream.peek();
  if (chained.kind !== 'name' || (chained.text !== 'if' && chained.text !== 'unless'))
    stream.fail(
      `expected 'if', 'unless' or the end of the tag after else, found ${describe(chained)}`,
    );
  if (frame.helper !== 'if' && frame.helper !== 'unless')
    throw new TemplateError(`else ${chained.text} cannot be used inside ${openTag(frame)}`, pos);
  stream.next();
  const branch = {
    condition: condition(segment, stream),
    negate: chained.text === 'unless',
    body: [],
  };
  frame.branches.push(branch);
  frame.body = branch.body;
}
