// The audiences a combination can pick, grouped by how they are made, with the ones it cannot
// (itself) left out and ids it refers to that are gone still shown.
import type { Audience } from '../../api/audiences.ts';
import { lookOf, type AudienceLook } from '../kind.ts';

export interface OptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

const ORDER: AudienceLook[] = ['rule', 'upload', 'composition'];
const GROUP_TITLES: Record<AudienceLook, string> = {
  rule: 'Rules',
  upload: 'Uploads',
  composition: 'Compositions',
};

export function audienceOptions(
  audiences: readonly Audience[],
  selfId: string | undefined,
  referenced: readonly string[],
): OptionGroup[] {
  const usable = audiences.filter((a) => a.id !== selfId);
  const groups = ORDER.map((look) => ({
    group: GROUP_TITLES[look],
    items: usable.filter((a) => lookOf(a) === look).map((a) => ({ value: a.id, label: a.name })),
  })).filter((g) => g.items.length > 0);
  const known = new Set(usable.map((a) => a.id));
  const gone = [...new Set(referenced)].filter((id) => id && !known.has(id));
  if (gone.length > 0)
    groups.push({
      group: 'Not found',
      items: gone.map((id) => ({ value: id, label: `Unknown audience ${id.slice(0, 8)}` })),
    });
  return groups;
}
