// Named (prepared) statements for the hottest paths: PostgreSQL plans a named statement once
// per connection instead of on every call. The name comes from the text, so one text is one name.
import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

const names = new Map<string, string>();

export function prepared(text: string, values: unknown[]): QueryConfig<unknown[]> {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size < 1000) names.set(text, name);
  }
  return { name, text, values };
}
