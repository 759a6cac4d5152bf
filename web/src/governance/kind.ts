// What the list and editor screens need to know about one kind of governance object; the three
// kinds (approval policies, business rules, quiet hours) share those screens.
import type { TSchema } from '@sinclair/typebox';
import type { ReactNode } from 'react';
import type { GovernanceFilters, GovernanceStatus } from '../api/governance.ts';

export interface GovernanceItem {
  id: string;
  status: GovernanceStatus;
  name: string;
  updatedBy: string;
  updatedAt: string;
}

export interface GovernanceApi<Item, Input> {
  list: (
    filters: GovernanceFilters,
    cursor: string | undefined,
  ) => Promise<{ items: Item[]; nextCursor: string | null }>;
  get: (id: string) => Promise<Item>;
  create: (body: Input) => Promise<Item>;
  update: (id: string, body: Input) => Promise<Item>;
  setStatus: (id: string, action: 'activate' | 'deactivate') => Promise<Item>;
  remove: (id: string) => Promise<void>;
}

export interface GovernanceKind<Item extends GovernanceItem, Input> {
  /** First part of every query key of this kind. */
  key: string;
  /** Page title of the list ("Approval policies"). */
  title: string;
  /** One of them, in a sentence ("approval policy"). */
  noun: string;
  /** The list's console path; an item is at `${path}/${id}`, a new one at `${path}/new`. */
  path: string;
  description: string;
  emptyDescription: string;
  /** What activation does, and what deactivation stops. */
  activeMeaning: string;
  api: GovernanceApi<Item, Input>;
  /** The server's input schema: the form checks the value against it before sending. */
  schema: TSchema;
  starter: () => Input;
  inputOf: (item: Item) => Input;
  /** The list column that says what an item does. */
  summaryLabel: string;
  summary: (item: Item) => ReactNode;
}

export const listKey = (key: string, sandbox: string) => [key, sandbox, 'list'];
export const itemKey = (key: string, sandbox: string, id: string) => [key, sandbox, id];
