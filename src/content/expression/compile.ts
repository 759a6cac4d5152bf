// Turns the parsed template into nested closures, once; rendering then only calls them. Names are
// resolved, functions looked up and arities checked while compiling (expressions in
// compile-expressions.ts), so these errors surface at save time.
// Template data never becomes code: closures read it at render time.
import { assertNever } from '../../platform/assert.ts';
import type { TemplateNode } from './ast.ts';
import { ExpressionCompiler } from './compile-expressions.ts';
import { type LoopSlots, type Scope, TOP } from './compile-scope.ts';
import { RenderError, TemplateError, type Position } from './errors.ts';
import { escapeHtml } from './escape.ts';
import type { FunctionTable } from './functions/library-function.ts';
import { isForbiddenKey, isPlainRecord } from './properties.ts';
import { outputTooLarge, type Render } from './render-state.ts';
import { formatValue, isTruthy } from './values.ts';

export { RenderState, type RenderLimits, type Render } from './render-state.ts';

export interface CompileSettings {
  readonly functions: FunctionTable;
  readonly escape: boolean;
  /** Parsed fragment by name, or undefined when there is none. */
  readonly fragment: (name: string) => readonly TemplateNode[] | undefined;
  readonly maxFragmentDepth: number;
}

const nothing: Render = () => '';

export class Compiler {
  slotCount = 0;
  private readonly lets = new Map<string, number>();
  private readonly fragments: string[] = [];
  private readonly expressions: ExpressionCompiler;

  constructor(private readonly settings: CompileSettings) {
    this.expressions = new ExpressionCompiler(settings.functions, this.lets);
  }

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
        const value = this.expressions.compile(node.expr, scope);
        return node.escape && this.settings.escape
          ? (state) => escapeHtml(formatValue(value(state)))
          : (state) => formatValue(value(state));
      }
      case 'conditional': {
        const branches = node.branches.map((branch) => ({
          test: this.expressions.compile(branch.condition, scope),
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
        const value = this.expressions.compile(node.value, scope);
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
        const value = this.expressions.compile(node.value, scope);
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
    const list = this.expressions.compile(node.list, scope);
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
}
