// The one way the console talks to the API: JSON only, the current sandbox on every call,
// the CSRF token on every write, and responses checked against the server's own schemas.
import './formats.ts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const DEFAULT_SANDBOX = 'prod';
const SANDBOX_STORAGE_KEY = 'clarion.sandbox';

let sandboxName = readStoredSandbox();
let csrfToken: string | null = null;

function readStoredSandbox(): string {
  try {
    return window.localStorage.getItem(SANDBOX_STORAGE_KEY) ?? DEFAULT_SANDBOX;
  } catch {
    return DEFAULT_SANDBOX;
  }
}

export function currentSandbox(): string {
  return sandboxName;
}

/** Switches the sandbox sent with every request and remembers it for the next visit. */
export function setCurrentSandbox(name: string): void {
  sandboxName = name;
  try {
    window.localStorage.setItem(SANDBOX_STORAGE_KEY, name);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const FieldErrorList = Type.Array(Type.Object({ path: Type.String(), message: Type.String() }));
export type FieldError = Static<typeof FieldErrorList>[number];
const ErrorShape = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
  requestId: Type.Optional(Type.String()),
});

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions<T extends TSchema> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Schema of the success body; omit for 204 responses. */
  schema?: T;
}

function urlOf(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorOf(response: Response, body: unknown): ApiError {
  if (Value.Check(ErrorShape, body)) {
    const fields = Value.Check(FieldErrorList, body.details) ? body.details : [];
    return new ApiError(response.status, body.code, body.message, fields, body.requestId);
  }
  return new ApiError(
    response.status,
    'HTTP_ERROR',
    `The server answered ${response.status} ${response.statusText}.`,
  );
}

export async function apiRequest<T extends TSchema>(
  path: string,
  options: RequestOptions<T> & { schema: T },
): Promise<Static<T>>;
export async function apiRequest(path: string, options?: RequestOptions<TSchema>): Promise<void>;
export async function apiRequest<T extends TSchema>(
  path: string,
  options: RequestOptions<T> = {},
): Promise<Static<T> | void> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-sandbox-name': sandboxName,
  };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The Clarion server could not be reached.');
  }
  const body = await readJson(response);
  if (!response.ok) throw errorOf(response, body);
  if (!options.schema) return;
  if (!Value.Check(options.schema, body)) {
    const first = Value.Errors(options.schema, body).First();
    throw new ApiError(
      response.status,
      'UNEXPECTED_RESPONSE',
      `The server's answer to ${method} ${path} has an unexpected shape (${first?.path ?? '/'} ${first?.message ?? ''}).`,
    );
  }
  return body;
}

/** A readable sentence for any failure, for notifications and alerts. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
