// Where the names a template uses live while it compiles: block parameters and `this` per
// nested block, and the slots of the innermost loop's `@index`, `@first`, `@last` and `@key`.

export interface LoopSlots {
  readonly index: number;
  readonly first: number;
  readonly last: number;
  readonly key: number;
}

export interface Scope {
  readonly parent: Scope | undefined;
  readonly names: ReadonlyMap<string, number>;
  /** Slot of `this`; undefined at the top, where `this` is the data root. */
  readonly thisSlot: number | undefined;
  readonly loop: LoopSlots | undefined;
}

export const TOP: Scope = {
  parent: undefined,
  names: new Map(),
  thisSlot: undefined,
  loop: undefined,
};
