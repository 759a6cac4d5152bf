// The parsed form of a template: readonly data with the position of every node.
import type { Position } from './errors.ts';

export type BinaryOperator =
  '=' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%' | 'and' | 'or';

export type Expr =
  | {
      readonly kind: 'literal';
      readonly value: string | number | boolean | null;
      readonly pos: Position;
    }
  | { readonly kind: 'array'; readonly items: readonly Expr[]; readonly pos: Position }
  /** A bare name: a variable, a data root (`profile`), or a property of the current context. */
  | { readonly kind: 'name'; readonly name: string; readonly pos: Position }
  /** `this` (the current context) and `@root`. */
  | { readonly kind: 'this'; readonly pos: Position }
  | { readonly kind: 'root'; readonly pos: Position }
  /** `@index`, `@first`, `@last`, `@key` of the innermost `each`. */
  | { readonly kind: 'loopData'; readonly name: string; readonly pos: Position }
  | {
      readonly kind: 'member';
      readonly object: Expr;
      readonly property: string;
      readonly pos: Position;
    }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly pos: Position }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly pos: Position;
    }
  | { readonly kind: 'not'; readonly operand: Expr; readonly pos: Position }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly pos: Position }
  | {
      readonly kind: 'binary';
      readonly operator: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: Position;
    }
  /** `value ?: fallback` — the fallback when the value is missing or empty. */
  | {
      readonly kind: 'fallback';
      readonly value: Expr;
      readonly fallback: Expr;
      readonly pos: Position;
    };

export interface Branch {
  readonly condition: Expr;
  /** `unless` and `else unless` branches render when the condition is false. */
  readonly negate: boolean;
  readonly body: readonly TemplateNode[];
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly value: string }
  | {
      readonly kind: 'output';
      readonly expr: Expr;
      readonly escape: boolean;
      readonly pos: Position;
    }
  | {
      readonly kind: 'conditional';
      readonly branches: readonly Branch[];
      readonly otherwise: readonly TemplateNode[];
      readonly pos: Position;
    }
  | {
      readonly kind: 'each';
      readonly list: Expr;
      readonly itemName: string | undefined;
      readonly indexName: string | undefined;
      readonly body: readonly TemplateNode[];
      readonly otherwise: readonly TemplateNode[];
      readonly pos: Position;
    }
  | {
      readonly kind: 'with';
      readonly value: Expr;
      readonly alias: string | undefined;
      readonly body: readonly TemplateNode[];
      readonly otherwise: readonly TemplateNode[];
      readonly pos: Position;
    }
  | { readonly kind: 'let'; readonly name: string; readonly value: Expr; readonly pos: Position }
  | { readonly kind: 'fragment'; readonly name: string; readonly pos: Position };
