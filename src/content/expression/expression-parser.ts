// Parses the tokens of one tag into an expression. Two grammars share the AST:
// - expression tags `{%= … %}`: operators, function calls `fn(a, b)`, arrays, `?:` fallback;
// - Handlebars tags `{{ … }}`: a path or literal, or a helper call `helper arg1 arg2` whose
//   arguments are paths, literals or `(helper …)` sub-expressions.
import type { BinaryOperator, Expr } from './ast.ts';
import { TemplateError, type LineMap, type Position } from './errors.ts';
import type { Token } from './lexer.ts';

const COMPARISONS = new Set(['=', '!=', '<', '>', '<=', '>=']);
const KEYWORDS = new Set(['and', 'or', 'not']);
/** Nesting beyond this is refused, so a hostile template cannot exhaust the stack. */
const MAX_DEPTH = 64;

export class TokenStream {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly lines: LineMap,
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  position(token: Token = this.peek()): Position {
    return this.lines.position(token.offset);
  }

  fail(message: string, token: Token = this.peek()): never {
    throw new TemplateError(message, this.position(token));
  }

  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'name' && !token.quoted && token.text === word;
  }

  expectPunct(text: string, what = `'${text}'`): Token {
    if (!this.isPunct(text)) this.fail(`expected ${what} but found ${describe(this.peek())}`);
    return this.next();
  }

  expectName(what: string): Token {
    const token = this.peek();
    if (token.kind !== 'name') this.fail(`expected ${what} but found ${describe(token)}`);
    return this.next();
  }

  expectEnd(): void {
    if (this.peek().kind !== 'eof') this.fail(`unexpected ${describe(this.peek())}`);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('expression is nested too deeply');
  }

  leave(): void {
    this.depth--;
  }
}

export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the tag';
    case 'string':
      return 'a string';
    case 'number':
      return `'${token.text}'`;
    case 'data':
      return `'@${token.text}'`;
    case 'name':
    case 'punct':
      return `'${token.text}'`;
  }
}

// ---- expression tags ----

export function parseExpression(stream: TokenStream): Expr {
  stream.enter();
  let expr = parseOr(stream);
  while (stream.isPunct('?:')) {
    const operator = stream.next();
    const fallback = parseOr(stream);
    expr = { kind: 'fallback', value: expr, fallback, pos: stream.position(operator) };
  }
  stream.leave();
  return expr;
}

function parseOr(stream: TokenStream): Expr {
  let left = parseAnd(stream);
  while (stream.isWord('or')) {
    const operator = stream.next();
    left = binary('or', left, parseAnd(stream), stream.position(operator));
  }
  return left;
}

function parseAnd(stream: TokenStream): Expr {
  let left = parseNot(stream);
  while (stream.isWord('and')) {
    const operator = stream.next();
    left = binary('and', left, parseNot(stream), stream.position(operator));
  }
  return left;
}

function parseNot(stream: TokenStream): Expr {
  if (stream.isWord('not')) {
    const operator = stream.next();
    stream.enter();
    const operand = parseNot(stream);
    stream.leave();
    return { kind: 'not', operand, pos: stream.position(operator) };
  }
  return parseComparison(stream);
}

function parseComparison(stream: TokenStream): Expr {
  const left = parseAdditive(stream);
  const token = stream.peek();
  if (token.kind === 'punct' && COMPARISONS.has(token.text)) {
    stream.next();
    const right = parseAdditive(stream);
    const after = stream.peek();
    if (after.kind === 'punct' && COMPARISONS.has(after.text))
      stream.fail("comparisons cannot be chained: combine them with 'and'", after);
    return binary(token.text as BinaryOperator, left, right, stream.position(token));
  }
  return left;
}

function parseAdditive(stream: TokenStream): Expr {
  let left = parseMultiplicative(stream);
  while (stream.isPunct('+') || stream.isPunct('-')) {
    const operator = stream.next();
    left = binary(
      operator.text as BinaryOperator,
      left,
      parseMultiplicative(stream),
      stream.position(operator),
    );
  }
  return left;
}

function parseMultiplicative(stream: TokenStream): Expr {
  let left = parseUnary(stream);
  while (stream.isPunct('*') || stream.isPunct('/') || stream.isPunct('%')) {
    const operator = stream.next();
    left = binary(
      operator.text as BinaryOperator,
      left,
      parseUnary(stream),
      stream.position(operator),
    );
  }
  return left;
}

function parseUnary(stream: TokenStream): Expr {
  if (stream.isPunct('-')) {
    const operator = stream.next();
    stream.enter();
    const operand = parseUnary(stream);
    stream.leave();
    if (operand.kind === 'literal' && typeof operand.value === 'number')
      return { kind: 'literal', value: -operand.value, pos: stream.position(operator) };
    return { kind: 'negate', operand, pos: stream.position(operator) };
  }
  return parsePostfix(stream, parsePrimary(stream));
}

function parsePostfix(stream: TokenStream, base: Expr): Expr {
  let expr = base;
  for (;;) {
    if (stream.isPunct('.')) {
      stream.next();
      const segment = stream.peek();
      const property = segmentName(stream);
      if (stream.isPunct('(')) {
        // `list.count()` is `count(list)`: AJO writes some calls as methods.
        const args = parseArguments(stream);
        expr = {
          kind: 'call',
          name: property,
          args: [expr, ...args],
          pos: stream.position(segment),
        };
      } else expr = { kind: 'member', object: expr, property, pos: stream.position(segment) };
    } else if (stream.isPunct('[')) {
      const open = stream.next();
      const index = parseExpression(stream);
      stream.expectPunct(']');
      expr = { kind: 'index', object: expr, index, pos: stream.position(open) };
    } else return expr;
  }
}

function segmentName(stream: TokenStream): string {
  const token = stream.peek();
  if (token.kind === 'name') return stream.next().text;
  if (token.kind === 'number' && /^\d+$/.test(token.text)) return stream.next().text;
  return stream.fail(`expected a name after '.' but found ${describe(token)}`);
}

function parseArguments(stream: TokenStream): Expr[] {
  stream.expectPunct('(');
  const args: Expr[] = [];
  if (!stream.isPunct(')')) {
    do args.push(parseExpression(stream));
    while (stream.isPunct(',') && stream.next());
  }
  stream.expectPunct(')', "',' or ')'");
  return args;
}

function parsePrimary(stream: TokenStream): Expr {
  const token = stream.peek();
  const pos = stream.position(token);
  switch (token.kind) {
    case 'number':
      stream.next();
      return { kind: 'literal', value: token.number, pos };
    case 'string':
      stream.next();
      return { kind: 'literal', value: token.text, pos };
    case 'data':
      stream.next();
      return token.text === 'root'
        ? { kind: 'root', pos }
        : { kind: 'loopData', name: token.text, pos };
    case 'name': {
      if (!token.quoted) {
        if (token.text === 'true' || token.text === 'false') {
          stream.next();
          return { kind: 'literal', value: token.text === 'true', pos };
        }
        if (token.text === 'null') {
          stream.next();
          return { kind: 'literal', value: null, pos };
        }
        if (token.text === 'this') {
          stream.next();
          return { kind: 'this', pos };
        }
        if (KEYWORDS.has(token.text)) stream.fail(`expected a value but found '${token.text}'`);
      }
      stream.next();
      if (stream.isPunct('(') && !token.quoted)
        return { kind: 'call', name: token.text, args: parseArguments(stream), pos };
      return { kind: 'name', name: token.text, pos };
    }
    case 'punct':
      if (token.text === '(') {
        stream.next();
        const inner = parseExpression(stream);
        stream.expectPunct(')');
        return inner;
      }
      if (token.text === '[') {
        stream.next();
        const items: Expr[] = [];
        if (!stream.isPunct(']')) {
          do items.push(parseExpression(stream));
          while (stream.isPunct(',') && stream.next());
        }
        stream.expectPunct(']', "',' or ']'");
        return { kind: 'array', items, pos };
      }
      return stream.fail(`expected a value but found ${describe(token)}`);
    case 'eof':
      return stream.fail('expected a value but found the end of the tag');
  }
}

function binary(operator: BinaryOperator, left: Expr, right: Expr, pos: Position): Expr {
  return { kind: 'binary', operator, left, right, pos };
}

// ---- Handlebars tags ----

/** `path`, `literal`, or `helper arg …` up to the end of the tag or the `as` of block parameters. */
export function parseHandlebarsExpression(stream: TokenStream): Expr {
  const first = stream.peek();
  const head = parseHandlebarsParam(stream);
  if (atHandlebarsEnd(stream)) return head;
  if (head.kind !== 'name') stream.fail(`expected a helper name before the arguments`, first);
  const args: Expr[] = [];
  while (!atHandlebarsEnd(stream)) args.push(parseHandlebarsParam(stream));
  return { kind: 'call', name: head.name, args, pos: head.pos };
}

function atHandlebarsEnd(stream: TokenStream): boolean {
  return (
    stream.peek().kind === 'eof' ||
    stream.isPunct(')') ||
    (stream.isWord('as') && stream.isPunct('|', 1))
  );
}

export function parseHandlebarsParam(stream: TokenStream): Expr {
  const token = stream.peek();
  const pos = stream.position(token);
  if (token.kind === 'punct' && token.text === '(') {
    stream.next();
    stream.enter();
    const name = stream.expectName('a helper name');
    const args: Expr[] = [];
    while (!stream.isPunct(')')) {
      if (stream.peek().kind === 'eof') stream.fail("expected ')' to close the sub-expression");
      args.push(parseHandlebarsParam(stream));
    }
    stream.next();
    stream.leave();
    return { kind: 'call', name: name.text, args, pos: stream.position(name) };
  }
  if (token.kind === 'string') {
    stream.next();
    return { kind: 'literal', value: token.text, pos };
  }
  if (token.kind === 'number') {
    stream.next();
    return { kind: 'literal', value: token.number, pos };
  }
  let expr: Expr;
  if (token.kind === 'data') {
    stream.next();
    expr =
      token.text === 'root' ? { kind: 'root', pos } : { kind: 'loopData', name: token.text, pos };
  } else if (token.kind === 'name') {
    stream.next();
    if (!token.quoted && (token.text === 'true' || token.text === 'false'))
      return { kind: 'literal', value: token.text === 'true', pos };
    if (!token.quoted && (token.text === 'null' || token.text === 'undefined'))
      return { kind: 'literal', value: null, pos };
    expr =
      !token.quoted && token.text === 'this'
        ? { kind: 'this', pos }
        : { kind: 'name', name: token.text, pos };
  } else return stream.fail(`expected a value but found ${describe(token)}`);
  while (stream.isPunct('.')) {
    stream.next();
    const segment = stream.peek();
    expr = {
      kind: 'member',
      object: expr,
      property: segmentName(stream),
      pos: stream.position(segment),
    };
  }
  return expr;
}

/** `as |item index|` after the argument of `each` or `with`. */
export function parseBlockParams(stream: TokenStream): string[] {
  if (!stream.isWord('as')) return [];
  stream.next();
  stream.expectPunct('|');
  const names: string[] = [];
  while (!stream.isPunct('|')) names.push(stream.expectName('a block parameter name').text);
  stream.next();
  if (names.length === 0) stream.fail('expected a block parameter name');
  return names;
}
