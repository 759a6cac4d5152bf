// The signed-in session as the screens see it: who, where, and what they may do.
import { createContext, useContext } from 'react';
import type { Permission } from '../../../src/platform/permissions.ts';
import type { Me } from '../api/auth.ts';

export interface Session {
  me: Me;
  /** Name of the sandbox every request goes to; part of every query key. */
  sandbox: string;
  can: (permission: Permission) => boolean;
  switchSandbox: (name: string) => void;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
