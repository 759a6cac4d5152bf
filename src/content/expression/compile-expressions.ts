// Compiles expressions (`{{…}}` values, `{%= … %}`, conditions, function arguments) to closures.
// Names are resolved and functions looked up with their arities checked here, at compile time;
// template data is only read by the closures, at render time.
import { assertNever } from '../../platform/assert.ts';
import type { Expr } from './ast.ts';
import { type LoopSlots, type Scope, TOP } from './compile-scope.ts';
import { FunctionInputError, RenderError, TemplateError, type Position } from './errors.ts';
import type { FunctionTable, LibraryFunction } from './functions/library-function.ts';
import { getOwn, getSafe, isForbiddenKey } from './properties.ts';
import { checkLength, type Evaluate } from './render-state.ts';
import { suggestName } from './suggest.ts';
import { arithmetic, compareValues, isEmptyValue, isTruthy, valuesEqual } from './values.ts';

/** Data roots every template can name: the profile, the API trigger's context, audience upload and worktable columns. */
const DATA_ROOTS = new Set(['profile', 'context', 'audience', 'target']);
const LOOP_DATA = new Set(['index', 'first', 'last', 'key']);

const missing: Evaluate = () => undefined;

export class ExpressionCompiler {
  /** `lets`: slot of each `{% let %}` variable, shared with the template's compiler. */
  constructor(
    private readonly functions: FunctionTable,
    private readonly lets: ReadonlyMap<string, number>,
  ) {}

  compile(expr: Expr, scope: Scope): Evaluate {
    switch (expr.kind) {
      case 'literal': {
        const value = expr.value;
        return () => value;
      }
      case 'array': {
        const items = expr.items.map((item) => this.compile(item, scope));
        return (state) => items.map((item) => item(state));
      }
      case 'name':
      case 'this':
      case 'root':
      case 'loopData':
      case 'member':
        return this.path(expr, scope);
      case 'index': {
        const object = this.compile(expr.object, scope);
        const index = this.compile(expr.index, scope);
        return (state) => getSafe(object(state), index(state));
      }
      case 'call':
        return this.call(expr, scope);
      case 'not': {
        const operand = this.compile(expr.operand, scope);
        return (state) => !isTruthy(operand(state));
      }
      case 'negate': {
        const operand = this.compile(expr.operand, scope);
        return (state) => arithmetic('-', 0, operand(state));
      }
      case 'fallback': {
        const value = this.compile(expr.value, scope);
        const fallback = this.compile(expr.fallback, scope);
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
    const left = this.compile(expr.left, scope);
    const right = this.compile(expr.right, scope);
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
        base = this.compile(head, scope);
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
      fn.itemPathArgs?.includes(index) ? this.itemPath(arg, expr.name) : this.compile(arg, scope),
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
    const functions = this.functions;
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
