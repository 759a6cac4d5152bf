// Expected failures carry a stable code; this one table gives each its HTTP status and meaning.

export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body must be JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in or send an API key.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Email or password is wrong.' },
  FORBIDDEN: { status: 403, message: 'You do not have the permission this needs.' },
  CSRF_TOKEN_INVALID: { status: 403, message: 'Missing or wrong x-csrf-token header.' },
  SANDBOX_FORBIDDEN: { status: 403, message: 'This API key belongs to another sandbox.' },
  TOO_MANY_LOGIN_ATTEMPTS: { status: 429, message: 'Too many failed sign-ins; try again later.' },
  NOT_FOUND: { status: 404, message: 'No such resource.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  SANDBOX_NOT_FOUND: { status: 404, message: 'No such sandbox.' },
  USER_NOT_FOUND: { status: 404, message: 'No such user.' },
  API_KEY_NOT_FOUND: { status: 404, message: 'No such API key.' },
  INVITATION_INVALID: { status: 404, message: 'This invitation link is unknown, used or expired.' },
  SANDBOX_NAME_TAKEN: { status: 409, message: 'A sandbox with this name exists.' },
  SANDBOX_PROTECTED: { status: 409, message: 'The prod sandbox cannot be deleted.' },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email exists.' },
  ROLE_NOT_GLOBAL: { status: 400, message: 'This role is assigned per sandbox.' },
  ROLE_GLOBAL_ONLY: {
    status: 400,
    message: 'This role holds in every sandbox and takes no sandbox.',
  },
  LAST_ADMINISTRATOR: {
    status: 409,
    message: 'This would leave no active Platform Administrator.',
  },
  SELF_DISABLE: { status: 409, message: 'You cannot disable your own account.' },
  NAMESPACE_EXISTS: { status: 409, message: 'An identity namespace with this code exists.' },
  NAMESPACE_BUILT_IN: { status: 409, message: 'Built-in identity namespaces cannot be deleted.' },
  NAMESPACE_IN_USE: { status: 409, message: 'Profiles still have identities in this namespace.' },
  NAMESPACE_NOT_FOUND: { status: 404, message: 'No such identity namespace.' },
  NAMESPACE_UNKNOWN: {
    status: 400,
    message: 'The identity namespace is not defined in this sandbox.',
  },
  IDENTITY_INVALID: { status: 400, message: 'An identity value is not valid for its namespace.' },
  IDENTITY_CONFLICT: {
    status: 409,
    message: 'These identities belong to different profiles; they are not merged.',
  },
  TIMEZONE_INVALID: { status: 400, message: 'Not an IANA time zone.' },
  PROFILE_NOT_FOUND: { status: 404, message: 'No such profile.' },
  SUBSCRIPTION_LIST_NOT_FOUND: { status: 404, message: 'No such subscription list.' },
  SUBSCRIPTION_LIST_EXISTS: { status: 409, message: 'A subscription list with this name exists.' },
  PUSH_TOKEN_NOT_FOUND: { status: 404, message: 'No such push token.' },
  WEB_PUSH_KEYS_REQUIRED: {
    status: 400,
    message: 'Web push tokens need their subscription keys (p256dh, auth).',
  },
  DATASET_EXISTS: { status: 409, message: 'A dataset with this name exists.' },
  DATASET_NOT_FOUND: { status: 404, message: 'No such dataset.' },
  DATASET_DEFINITION_INVALID: { status: 400, message: 'The dataset definition is not valid.' },
  DATASET_CHANGE_DESTRUCTIVE: {
    status: 409,
    message:
      'Only nullable columns can be added to a dataset; this change would lose or reshape data.',
  },
  DATASET_IN_USE: { status: 409, message: 'Another dataset links to this one.' },
  DATASET_ROWS_INVALID: {
    status: 400,
    message: 'Some rows do not fit the dataset; none were written.',
  },
  IMPORT_NOT_FOUND: { status: 404, message: 'No such import.' },
  IMPORT_NOT_WAITING: { status: 409, message: 'This import has already received its file.' },
  IMPORT_NOT_CANCELLABLE: {
    status: 409,
    message: 'Only an import that waits for its file or was interrupted can be cancelled.',
  },
  IMPORT_INVALID: { status: 400, message: 'The import cannot start.' },
  AUDIENCE_NOT_FOUND: { status: 404, message: 'No such audience.' },
  AUDIENCE_EXISTS: { status: 409, message: 'An audience with this name exists.' },
  AUDIENCE_RULE_INVALID: { status: 400, message: 'The audience rule is not valid.' },
  AUDIENCE_CYCLE: { status: 400, message: 'Audiences would refer to each other in a cycle.' },
  AUDIENCE_IN_USE: { status: 409, message: 'Other audiences refer to this one.' },
  AUDIENCE_KIND_MISMATCH: {
    status: 409,
    message: 'This operation does not apply to this kind of audience.',
  },
  AUDIENCE_UPLOAD_RUNNING: {
    status: 409,
    message: 'A file for this audience is still being loaded.',
  },
  SNAPSHOT_NOT_FOUND: { status: 404, message: 'No such audience snapshot.' },
  CHANNEL_CONFIG_NOT_FOUND: { status: 404, message: 'No such channel configuration.' },
  CHANNEL_CONFIG_EXISTS: { status: 409, message: 'A channel configuration with this name exists.' },
  CHANNEL_CONFIG_INVALID: {
    status: 400,
    message: 'The channel configuration cannot send as it is.',
  },
  CHANNEL_CONFIG_STATUS: {
    status: 409,
    message: 'The channel configuration is not in a status that allows this.',
  },
  CONTENT_INVALID: {
    status: 400,
    message: 'The content has problems; each is listed with its field and position.',
  },
  CONTENT_RENDER_FAILED: {
    status: 400,
    message: 'The content could not be rendered for this data.',
  },
  FRAGMENT_NOT_FOUND: { status: 404, message: 'No such content fragment.' },
  FRAGMENT_EXISTS: { status: 409, message: 'A content fragment with this name exists.' },
  FRAGMENT_CYCLE: { status: 400, message: 'Fragments would include each other in a cycle.' },
  FRAGMENT_IN_USE: { status: 409, message: 'Other fragments or templates include this fragment.' },
  CONTENT_TEMPLATE_NOT_FOUND: { status: 404, message: 'No such content template.' },
  CONTENT_TEMPLATE_EXISTS: { status: 409, message: 'A content template with this name exists.' },
  SUPPRESSION_NOT_FOUND: { status: 404, message: 'This address is not on the suppression list.' },
  TRACKING_LINK_INVALID: { status: 400, message: 'This link is not valid.' },
  EXECUTION_NOT_FOUND: { status: 404, message: 'No such execution.' },
  CAMPAIGN_NOT_FOUND: { status: 404, message: 'No such campaign.' },
  CAMPAIGN_EXISTS: { status: 409, message: 'A campaign with this name exists.' },
  CAMPAIGN_NOT_DRAFT: { status: 409, message: 'Only a draft campaign can be changed this way.' },
  CAMPAIGN_TRANSITION_INVALID: {
    status: 409,
    message: 'The campaign is not in a status that allows this action.',
  },
  CAMPAIGN_NOT_READY: {
    status: 400,
    message: 'The campaign has blocking problems; see the review for each one.',
  },
  CAMPAIGN_INVALID: { status: 400, message: 'The campaign is not valid.' },
  ORCHESTRATED_CAMPAIGN_NOT_FOUND: { status: 404, message: 'No such orchestrated campaign.' },
  ORCHESTRATED_NOT_DRAFT: {
    status: 409,
    message: 'Only a draft orchestrated campaign can be changed this way.',
  },
  ORCHESTRATED_TRANSITION_INVALID: {
    status: 409,
    message: 'The orchestrated campaign cannot take this action in its status.',
  },
  WORKFLOW_INVALID: { status: 400, message: 'The workflow is not valid.' },
  ORCHESTRATED_RUN_NOT_FOUND: { status: 404, message: 'No such run.' },
  ORCHESTRATED_RUN_BUSY: { status: 409, message: 'A run of this campaign is in progress.' },
  ORCHESTRATED_TASK_NOT_FOUND: { status: 404, message: 'No such activity in this run.' },
  ORCHESTRATED_TASK_NOT_WAITING: {
    status: 409,
    message: 'This activity is not waiting for a confirmation.',
  },
  ORCHESTRATED_SIGNAL_RATE: {
    status: 429,
    message: 'A live orchestrated campaign takes at most one signal per hour.',
  },
  ORCHESTRATED_FILE_NOT_FOUND: { status: 404, message: 'No such file.' },
  ORCHESTRATED_FILE_TOO_LARGE: { status: 413, message: 'A loaded file holds at most 50 MB.' },
  WORKTABLE_NOT_FOUND: { status: 404, message: 'This transition has no population (yet).' },
  ACTIVITY_NOT_AVAILABLE: { status: 501, message: 'This activity is not available yet.' },
  ACTIVITY_FAILED: { status: 422, message: 'The activity could not run.' },
  APPROVAL_REQUIRED: {
    status: 409,
    message: 'An approval policy applies to this campaign: request approval instead.',
  },
  APPROVAL_NOT_ALLOWED: {
    status: 403,
    message: 'You are not an approver of this request, or you requested it yourself.',
  },
  APPROVAL_POLICY_NOT_FOUND: { status: 404, message: 'No such approval policy.' },
  BUSINESS_RULE_SET_NOT_FOUND: { status: 404, message: 'No such business rule set.' },
  QUIET_HOURS_NOT_FOUND: { status: 404, message: 'No such quiet hours definition.' },
  GOVERNANCE_NAME_TAKEN: { status: 409, message: 'An object of this kind with this name exists.' },
  GOVERNANCE_IN_USE: {
    status: 409,
    message: 'Campaigns that are not drafts use this; it cannot be deactivated or deleted.',
  },
  GOVERNANCE_STATUS: {
    status: 409,
    message: 'This object is not in a status that allows this.',
  },
  FEEDBACK_WEBHOOK_NOT_FOUND: {
    status: 404,
    message: 'This sandbox has no feedback webhook; create one with PUT /feedback-webhook.',
  },
  FEEDBACK_WEBHOOK_INVALID: { status: 400, message: 'The feedback webhook is not valid.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldError {
  /** JSON pointer-like path of the offending field, e.g. `/roles/0`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: FieldError[] | Record<string, unknown>,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}
