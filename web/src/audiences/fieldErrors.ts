// The server's messages about an audience, per field (JSON pointer), with the ids of known
// audiences replaced by their names so "cycle through 3f2a…" reads as a cycle through "Gold".
import { ApiError } from '../api/client.ts';
import type { FieldErrors } from '../api/forms.ts';
import { ROOT_PATH } from './problems.ts';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function fieldErrorsOf(error: unknown, names: ReadonlyMap<string, string>): FieldErrors {
  const out: FieldErrors = {};
  if (error instanceof ApiError)
    for (const detail of error.fieldErrors) {
      const message = detail.message.replace(UUID, (id) => {
        const name = names.get(id);
        return name ? `"${name}"` : id;
      });
      out[detail.path] ??= sentence(message);
    }
  return out;
}

/** Fields an audience form shows messages on: its name, description and the rule's nodes. */
export const isPlaced = (path: string) =>
  path === '/name' || path === '/description' || path.startsWith(ROOT_PATH);
