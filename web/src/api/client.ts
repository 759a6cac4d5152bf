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
  const headers = headersFor(method, 'application/json');
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await send(urlOf(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
  });
  return answerOf(response, `${method} ${path}`, options.schema);
}

function headersFor(method: string, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept, 'x-sandbox-name': sandboxName };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The Clarion server could not be reached.');
  }
}

async function answerOf<T extends TSchema>(
  response: Response,
  call: string,
  schema: T | undefined,
): Promise<Static<T> | void> {
  const body = await readJson(response);
  if (!response.ok) throw errorOf(response, body);
  if (schema) return checked(schema, body, response.status, call);
}

function checked<T extends TSchema>(schema: T, body: unknown, status: number, call: string) {
  if (!Value.Check(schema, body)) {
    const first = Value.Errors(schema, body).First();
    throw new ApiError(
      status,
      'UNEXPECTED_RESPONSE',
      `The server's answer to ${call} has an unexpected shape (${first?.path ?? '/'} ${first?.message ?? ''}).`,
    );
  }
  return body;
}

/** Sends a file as the raw body of a PUT (streamed by the browser); the answer is checked as usual. */
export async function apiSendFile<T extends TSchema>(
  path: string,
  file: Blob,
  contentType: string,
  schema: T,
): Promise<Static<T>> {
  const headers = headersFor('PUT', 'application/json');
  headers['content-type'] = contentType;
  const response = await send(path, { method: 'PUT', headers, body: file });
  const body = await readJson(response);
  if (!response.ok) throw errorOf(response, body);
  return checked(schema, body, response.status, `PUT ${path}`);
}

/** A file the API offers for download (a CSV report), with the name the server suggests. */
export async function apiDownload(
  path: string,
  accept: string,
): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await send(path, { method: 'GET', headers: headersFor('GET', accept) });
  if (!response.ok) throw errorOf(response, await readJson(response));
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), fileName };
}

/** A readable sentence for any failure, for notifications and alerts. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
