// Which campaigns an approval policy covers (G1). Pure, so the console can explain a match too.
import type { Channel } from '../profiles/model.ts';
import type { CampaignType, PolicyMatch } from './model.ts';

/** What a policy is matched against: the campaign and who asks to activate it. */
export interface PolicyFacts {
  type: CampaignType;
  channel: Channel | null;
  tags: readonly string[];
  name: string;
  /** The user (or API key) asking; null for the system. */
  requesterId: string | null;
}

/** A whole-name, case-insensitive pattern where `*` stands for any text and all else is literal. */
export function namePatternRegExp(pattern: string): RegExp {
  const literal = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${literal}$`, 'iu');
}

const given = <T>(list: readonly T[] | undefined): list is readonly T[] =>
  list !== undefined && list.length > 0;

/** Every criterion the policy gives must hold; an absent or empty one holds for every campaign. */
export function policyMatches(match: PolicyMatch, facts: PolicyFacts): boolean {
  if (given(match.types) && !match.types.includes(facts.type)) return false;
  if (given(match.channels) && (facts.channel === null || !match.channels.includes(facts.channel)))
    return false;
  if (given(match.tags)) {
    const tags = new Set(facts.tags.map((tag) => tag.toLowerCase()));
    if (!match.tags.some((tag) => tags.has(tag.toLowerCase()))) return false;
  }
  if (match.namePattern !== undefined && !namePatternRegExp(match.namePattern).test(facts.name))
    return false;
  if (
    given(match.requesters) &&
    (facts.requesterId === null || !match.requesters.includes(facts.requesterId))
  )
    return false;
  return true;
}
