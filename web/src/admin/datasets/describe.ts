import type { Link } from '../../api/datasets.ts';

/** A link in words: "email → profiles (by email, N-1)". */
export function linkText(link: Link | null): string {
  if (!link) return 'No link';
  switch (link.kind) {
    case 'profile':
      return `${link.column} → profiles (by ${link.by}, ${link.cardinality})`;
    case 'dataset':
      return `${link.columns.join(', ')} → ${link.dataset} (${link.cardinality})`;
  }
}
