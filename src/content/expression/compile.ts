// Turns the parsed template into nested closures, once; rendering then only calls them. Names are
// resolved, functions looked up and arities checked here, so these errors surface at save time.
// Template data never becomes code: closures read it at render time.
import { assertNever } from '../../platform/assert.ts';
import type { Expr, TemplateNode } from './ast.ts';
import { FunctionInputError, RenderError, TemplateError, type Position } from './errors.ts';
import { escapeHtml } from './escape.ts';
import type {
  FunctionContext,
  FunctionTable,
  LibraryFunction,
} from './functions/library-function.ts';
import { getOwn, getSafe, isForbiddenKey, isPlainRecord } from './properties.ts';
import { suggestName } from './suggest.ts';
import {
  arithmetic,
  compareValues,
  formatValue,
  isEmptyValue,
  isTruthy,
  valuesEqual,
} from './values.ts';

export interface RenderLimits {
  /** Characters of output per render. */
  readonly maxOutputLength: number;
  /** `#each` iterations per render, all loops together. */
  readonly maxLoopIterations: number;
  /** Characters of any string built while rendering (by `+`, concat, replace…). */
  readonly maxValueLength: number;
}

export class RenderState {
  readonly slots: unknown[];
  loops = 0;

  constructor(
    readonly root: Record<string, unknown>,
    slotCount: number,
    readonly limits: RenderLimits,
    readonly functions: FunctionContext,
  ) {
    this.slots = new Array<unknown>(slotCount);
  }
}

type Evaluate = (state: RenderState) => unknown;
export type Render = (state: RenderState) => string;

export interface CompileSettings {
  readonly functions: FunctionTable;
  readonly escape: boolean;
  /** Parsed fragment by name, or undefined when there is none. */
  readonly fragment: (name: string) => readonly TemplateNode[] | undefined;
  readonly maxFragmentDepth: number;
}

/** Data roots every template can name: the profile, the API trigger's context, audience upload and worktable columns. */
const DATA_ROOTS = new Set(['profile', 'context', 'audience', 'target']);
const LOOP_DATA = new Set(['index', 'first', 'last', 'key']);

interface LoopSlots {
  readonly index: number;
  readonly first: number;
  readonly last: number;
  readonly key: number;
}

interface Scope {
  readonly parent: Scope | undefined;
  readonly names: ReadonlyMap<string, number>;
  /** Slot of `this`; undefined at the top, where `this` is the data root. */
  readonly thisSlot: number | undefined;
  readonly loop: LoopSlots | undefined;
}

const TOP: Scope = { parent: undefined, names: new Map(), thisSlot: undefined, loop: undefined };
const nothing: Render = () => '';
const missing: Evaluate = () => undefined;

export class Compiler {
  slotCount = 0;
  private readonly lets = new Map<string, number>();
  private readonly fragments: string[] = [];

  constructor(private readonly settings: CompileSettings) {}

  compileTemplate(nodes: readonly TemplateNode[]): Render {
    return this.sequence(nodes, TOP, { line: 1, column: 1 });
  }

  private slot(): number {
    return this.slotCount++;
  }

  private sequence(nodes: readonly TemplateNode[], scope: Scope, pos: Position): Render {
    const parts = nodes.map((node) => this.node(node, scope));
    if (parts.length === 0) return nothing;
    if (parts.length === 1) return parts[0] as Render;
    return (state) => {
      let out = '';
      for (let i = 0; i < parts.length; i++) out += (parts[i] as Render)(state);
      if (out.length > state.limits.maxOutputLength) throw outputTooLarge(state, pos);
      return out;
    };
  }

  private node(node: TemplateNode, scope: Scope): Render {
    switch (node.kind) {
      case 'text': {
        const text = node.value;
        return () => text;
      }
      case 'output': {
        const value = this.expr(node.expr, scope);
        return node.escape && this.settings.escape
          ? (state) => escapeHtml(formatValue(value(state)))
          : (state) => formatValue(value(state));
      }
      case 'conditional': {
        const branches = node.branches.map((branch) => ({
          test: this.expr(branch.condition, scope),
          negate: branch.negate,
          body: this.sequence(branch.body, scope, node.pos),
        }));
        const otherwise = this.sequence(node.otherwise, scope, node.pos);
        return (state) => {
          for (const branch of branches)
            if (isTruthy(branch.test(state)) !== branch.negate) return branch.body(state);
          return otherwise(state);
        };
      }
      case 'each':
        return this.each(node, scope);
      case 'with': {
        const value = this.expr(node.value, scope);
        const slot = this.slot();
        const inner: Scope =
          node.alias === undefined
            ? { parent: scope, names: new Map(), thisSlot: slot, loop: scope.loop }
            : {
                parent: scope,
                names: new Map([[node.alias, slot]]),
                thisSlot: scope.thisSlot,
                loop: scope.loop,
              };
        const body = this.sequence(node.body, inner, node.pos);
        const otherwise = this.sequence(node.otherwise, scope, node.pos);
        return (state) => {
          const current = value(state);
          if (!isTruthy(current)) return otherwise(state);
          state.slots[slot] = current;
          return body(state);
        };
      }
      case 'let': {
        const value = this.expr(node.value, scope);
        let slot = this.lets.get(node.name);
        if (slot === undefined) {
          slot = this.slot();
          this.lets.set(node.name, slot);
        }
        const target = slot;
        return (state) => {
          state.slots[target] = value(state);
          return '';
        };
      }
      case 'fragment':
        return this.fragment(node.name, node.pos, scope);
      default:
        return assertNever(node);
    }
  }

  private each(node: Extract<TemplateNode, { kind: 'each' }>, scope: Scope): Render {
    const list = this.expr(node.list, scope);
    const item = this.slot();
    const loop: LoopSlots = {
      index: this.slot(),
      first: this.slot(),
      last: this.slot(),
      key: this.slot(),
    };
    const names = new Map<string, number>();
    if (node.itemName !== undefined) names.set(node.itemName, item);
    if (node.indexName !== undefined) names.set(node.indexName, loop.index);
    const inner: Scope = { parent: scope, names, thisSlot: item, loop };
    const body = this.sequence(node.body, inner, node.pos);
    const otherwise = this.sequence(node.otherwise, scope, node.pos);
    const pos = node.pos;
    return (state) => {
      const value = list(state);
      let items: readonly unknown[];
      let keys: string[] | undefined;
      if (Array.isArray(value)) items = value;
      else if (isPlainRecord(value)) {
        keys = Object.keys(value).filter((key) => !isForbiddenKey(key));
        items = keys.map((key) => value[key]);
      } else items = [];
      if (items.length === 0) return otherwise(state);
      const slots = state.slots;
      const limits = state.limits;
      let out = '';
      for (let i = 0; i < items.length; i++) {
        if (++state.loops > limits.maxLoopIterations)
          throw new RenderError(
            'LOOP_LIMIT',
            `more than ${limits.maxLoopIterations} loop iterations in one render`,
            pos,
          );
        slots[item] = items[i];
        slots[loop.index] = i;
        slots[loop.first] = i === 0;
        slots[loop.last] = i === items.length - 1;
        slots[loop.key] = keys ? keys[i] : i;
        out += body(state);
        if (out.length > limits.maxOutputLength) throw outputTooLarge(state, pos);
      }
      return out;
    };
  }

  private fragment(name: string, pos: Position, scope: Scope): Render {
    if (this.fragments.includes(name))
      throw new TemplateError(
        `fragment '${name}' includes itself: ${[...this.fragments, name].join(' → ')}`,
        pos,
        this.fragments[this.fragments.length - 1],
      );
    if (this.fragments.length >= this.settings.maxFragmentDepth)
      throw new TemplateError(
        `fragments are nested more than ${this.settings.maxFragmentDepth} deep`,
        pos,
      );
    const nodes = this.settings.fragment(name);
    if (nodes === undefined)
      throw new TemplateError(
        `unknown fragment '${name}'`,
        pos,
        this.fragments[this.fragments.length - 1],
      );
    this.fragments.push(name);
    try {
      return this.sequence(nodes, scope, pos);
    } catch (error) {
      // Name the fragment an error is in, unless a nested fragment already did.
      if (error instanceof TemplateError && error.fragment === undefined)
        throw new TemplateError(error.reason, error, name);
      throw error;
    } finally {
      this.fragments.pop();
    }
  }

  // ---- expressions ----

  private expr(expr: Expr, scope: Scope): Evaluate {
    switch (expr.kind) {
      case 'literal': {
        const value = expr.value;
        return () => value;
      }
      case 'array': {
        const items = expr.items.map((item) => this.expr(item, scope));
        return (state) => items.map((item) => item(state));
      }
      case 'name':
      case 'this':
      case 'root':
      case 'loopData':
      case 'member':
        return this.path(expr, scope);
      case 'index': {
        const object = this.expr(expr.object, scope);
        const index = this.expr(expr.index, scope);
        return (state) => getSafe(object(state), index(state));
      }
      case 'call':
        return this.call(expr, scope);
      case 'not': {
        const operand = this.expr(expr.operand, scope);
        return (state) => !isTruthy(operand(state));
      }
      case 'negate': {
        const operand = this.expr(expr.operand, scope);
        return (state) => arithmetic('-', 0, operand(state));
      }
      case 'fallback': {
        const value = this.expr(expr.value, scope);
        const fallback = this.expr(expr.fallback, scope);
        return (state) => {
          const current = value(state);
          return isEmptyValue(current) ? fallback(state) : current;
        };
      }
      case 'binary':
        return this.binary(expr, scope);
      default:
        return assertNever(expr);
    }
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Evaluate {
    const left = this.expr(expr.left, scope);
    const right = this.expr(expr.right, scope);
    const pos = expr.pos;
    switch (expr.operator) {
      case 'and':
        return (state) => isTruthy(left(state)) && isTruthy(right(state));
      case 'or':
        return (state) => isTruthy(left(state)) || isTruthy(right(state));
      case '=':
        return (state) => valuesEqual(left(state), right(state));
      case '!=':
        return (state) => !valuesEqual(left(state), right(state));
      case '<':
        return (state) => compareValues(left(state), right(state)) < 0;
      case '>':
        return (state) => compareValues(left(state), right(state)) > 0;
      case '<=':
        return (state) => compareValues(left(state), right(state)) <= 0;
      case '>=':
        return (state) => compareValues(left(state), right(state)) >= 0;
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        const operator = expr.operator;
        return (state) => checkLength(arithmetic(operator, left(state), right(state)), state, pos);
      }
      default:
        return assertNever(expr.operator);
    }
  }

  /** A chain of names and `.property` reads, resolved to where its first name lives. */
  private path(expr: Expr, scope: Scope): Evaluate {
    const keys: string[] = [];
    let head = expr;
    while (head.kind === 'member') {
      keys.unshift(head.property);
      head = head.object;
    }
    let base: Evaluate;
    switch (head.kind) {
      case 'name': {
        const slot = this.variable(head.name, scope);
        if (slot !== undefined) base = (state) => state.slots[slot];
        else {
          keys.unshift(head.name);
          base = this.thisValue(DATA_ROOTS.has(head.name) ? TOP : scope);
        }
        break;
      }
      case 'this':
        base = this.thisValue(scope);
        break;
      case 'root':
        base = (state) => state.root;
        break;
      case 'loopData': {
        if (!LOOP_DATA.has(head.name))
          throw new TemplateError(
            `unknown '@${head.name}': use @index, @first, @last, @key or @root`,
            head.pos,
          );
        const loop = this.innermostLoop(scope);
        if (!loop)
          throw new TemplateError(`@${head.name} is only available inside {{#each}}`, head.pos);
        const slot = loop[head.name as keyof LoopSlots];
        base = (state) => state.slots[slot];
        break;
      }
      default:
        base = this.expr(head, scope);
    }
    if (keys.some(isForbiddenKey)) return missing;
    switch (keys.length) {
      case 0:
        return base;
      case 1: {
        const [a = ''] = keys;
        return (state) => getOwn(base(state), a);
      }
      case 2: {
        const [a = '', b = ''] = keys;
        return (state) => getOwn(getOwn(base(state), a), b);
      }
      case 3: {
        const [a = '', b = '', c = ''] = keys;
        return (state) => getOwn(getOwn(getOwn(base(state), a), b), c);
      }
      default:
        return (state) => {
          let value = base(state);
          for (let i = 0; i < keys.length && value !== undefined; i++)
            value = getOwn(value, keys[i] as string);
          return value;
        };
    }
  }

  private variable(name: string, scope: Scope): number | undefined {
    for (let current: Scope | undefined = scope; current; current = current.parent) {
      const slot = current.names.get(name);
      if (slot !== undefined) return slot;
    }
    return this.lets.get(name);
  }

  private thisValue(scope: Scope): Evaluate {
    const slot = scope.thisSlot;
    return slot === undefined ? (state) => state.root : (state) => state.slots[slot];
  }

  private innermostLoop(scope: Scope): LoopSlots | undefined {
    for (let current: Scope | undefined = scope; current; current = current.parent)
      if (current.loop) return current.loop;
    return undefined;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Evaluate {
    const fn = this.lookup(expr.name, expr.pos);
    const count = expr.args.length;
    if (count < fn.minArgs || count > fn.maxArgs)
      throw new TemplateError(`${expr.name}() ${arityText(fn)} (got ${count})`, expr.pos);
    const args = expr.args.map((arg, index) =>
      fn.itemPathArgs?.includes(index) ? this.itemPath(arg, expr.name) : this.expr(arg, scope),
    );
    const call = fn.call;
    const name = expr.name;
    const pos = expr.pos;
    return (state) => {
      const values = args.map((arg) => arg(state));
      let result: unknown;
      try {
        result = call(values, state.functions);
      } catch (error) {
        if (error instanceof FunctionInputError)
          throw new RenderError('FUNCTION_FAILED', `${name}(): ${error.message}`, pos);
        throw error;
      }
      return checkLength(result, state, pos);
    };
  }

  /** `price` or `item.price` in `topN(orders, price, 5)`: property names read on each item. */
  private itemPath(arg: Expr, fnName: string): Evaluate {
    const keys: string[] = [];
    let current = arg;
    while (current.kind === 'member') {
      keys.unshift(current.property);
      current = current.object;
    }
    if (current.kind !== 'name')
      throw new TemplateError(
        `${fnName}() needs the name of a property of the list's items here`,
        arg.pos,
      );
    keys.unshift(current.name);
    const path = keys.some(isForbiddenKey) ? [] : keys;
    return () => path;
  }

  private lookup(name: string, pos: Position): LibraryFunction {
    const functions = this.settings.functions;
    const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
    if (fn) return fn;
    const suggestion = suggestName(name, Object.keys(functions));
    throw new TemplateError(
      `unknown function '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
      pos,
    );
  }
}

function arityText(fn: LibraryFunction): string {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (fn.minArgs === fn.maxArgs) return `takes ${plural(fn.minArgs)}`;
  if (fn.maxArgs === Infinity) return `takes at least ${plural(fn.minArgs)}`;
  return `takes ${fn.minArgs} to ${plural(fn.maxArgs)}`;
}

function checkLength(value: unknown, state: RenderState, pos: Position): unknown {
  if (typeof value === 'string' && value.length > state.limits.maxValueLength)
    throw new RenderError(
      'VALUE_TOO_LARGE',
      `a value grew past ${state.limits.maxValueLength} characters`,
      pos,
    );
  return value;
}

function outputTooLarge(state: RenderState, pos: Position): RenderError {
  return new RenderError(
    'OUTPUT_TOO_LARGE',
    `output is longer than ${state.limits.maxOutputLength} characters`,
    pos,
  );
}
