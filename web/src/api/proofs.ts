// Proofs: content sent for real through an active configuration to a few addresses, rendered
// for chosen test profiles. Mirrors POST /proofs (its contract lives in src/delivery).
import { Type, type Static } from '@sinclair/typebox';
import { apiRequest } from './client.ts';
import type { ChannelContent } from './content.ts';

export const MAX_PROOF_ADDRESSES = 10;

export const ProofResult = Type.Object({
  results: Type.Array(
    Type.Object({
      address: Type.String(),
      profileId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
      status: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
      providerId: Type.Union([Type.String(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type ProofResult = Static<typeof ProofResult>;
export type ProofDelivery = ProofResult['results'][number];

export interface ProofRequest {
  configurationId: string;
  content: ChannelContent;
  addresses: string[];
  profileIds?: string[];
  context?: Record<string, unknown>;
}

export function sendProof(body: ProofRequest) {
  return apiRequest('/proofs', { method: 'POST', body, schema: ProofResult });
}
