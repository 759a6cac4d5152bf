// Sessions and invitations.
import { Type } from '@sinclair/typebox';
import { InvitationInfo, Me, User } from '../../../src/platform/model.ts';
import { ApiError, apiRequest, setCsrfToken } from './client.ts';

export type { Me } from '../../../src/platform/model.ts';

/** The signed-in principal in the current sandbox, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await apiRequest('/auth/me', { schema: Me });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const { csrfToken } = await apiRequest('/auth/login', {
    method: 'POST',
    body: { email, password },
    schema: Type.Object({ csrfToken: Type.String() }),
  });
  setCsrfToken(csrfToken);
}

export async function signOut(): Promise<void> {
  await apiRequest('/auth/logout', { method: 'POST' });
  setCsrfToken(null);
}

export function fetchInvitation(token: string) {
  return apiRequest(`/auth/invitations/${encodeURIComponent(token)}`, { schema: InvitationInfo });
}

export function acceptInvitation(token: string, password: string) {
  return apiRequest(`/auth/invitations/${encodeURIComponent(token)}/accept`, {
    method: 'POST',
    body: { password },
    schema: User,
  });
}
