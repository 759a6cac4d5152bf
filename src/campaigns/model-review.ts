// Review of a campaign before activation, and the approval requests that activation may need
// (SPEC S). Shared with the console.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';

// ---- review ----

export const ReviewProblem = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  /** The wizard step to fix it in. */
  step: Type.Union([
    Type.Literal('properties'),
    Type.Literal('action'),
    Type.Literal('content'),
    Type.Literal('audience'),
    Type.Literal('schedule'),
  ]),
  code: Type.String(),
  message: Type.String(),
  path: Type.String(),
});
export type ReviewProblem = Static<typeof ReviewProblem>;

export const CampaignReview = Type.Object({
  ready: Type.Boolean(),
  /** Activation needs approval: the active policies that match. */
  approvalRequired: Type.Boolean(),
  policies: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  problems: Type.Array(ReviewProblem),
});
export type CampaignReview = Static<typeof CampaignReview>;

// ---- approvals ----

export const ApprovalRequestStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('changesRequested'),
  Type.Literal('cancelled'),
]);

export const ApprovalRequest = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  campaignName: Type.String(),
  status: ApprovalRequestStatus,
  policies: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  requestedBy: Type.String(),
  requestedAt: Timestamp,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  /** Whether the caller may approve or send back this request. */
  canDecide: Type.Boolean(),
});
export type ApprovalRequest = Static<typeof ApprovalRequest>;

export const ApprovalDecision = Type.Object(
  { message: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);
export const ChangesRequest = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
