// Summarises a V8 .cpuprofile (node --cpu-prof) by where the self time went: grouped by the code it
// belongs to (csv-parse, row conversion, batch building, pg client, …) and the top functions.
// Frames without a script (built-ins such as JSON.stringify, RegExp, Map.set) count for the
// nearest caller that has one, so their time lands with the code that called them.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuSummary {
  totalMs: number;
  categories: { name: string; ms: number }[];
  functions: { name: string; where: string; category: string; ms: number }[];
}

const SPECIAL: Record<string, string> = {
  '(idle)': 'idle (waiting on I/O and PostgreSQL)',
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8/native, unattributed',
  '(root)': 'V8/native, unattributed',
};

const CATEGORIES: readonly [RegExp, string][] = [
  [/node_modules\/csv-parse\//, 'csv-parse (CSV parsing)'],
  [/src\/profiles\/imports\/readers\.ts/, 'readers.ts (CSV item generator, byte counter)'],
  [
    /src\/profiles\/(imports\/profile-records|namespaces|profiles)\.ts/,
    'row conversion (profile-records.ts, identity normalisation)',
  ],
  [
    /src\/profiles\/imports\/(runner|profile-import|batches)\.ts/,
    'import loop (in-file duplicate map, batching)',
  ],
  [
    /src\/profiles\/imports\/(profile-batch|copy)\.ts/,
    'batch building (COPY text, JSON.stringify, owner maps)',
  ],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-copy-streams|pg-types|kysely)\//, 'pg client'],
  [/node_modules\/tsx\/|node_modules\/esbuild\//, 'tsx loader (start-up)'],
  [/^node:/, 'Node internals (streams, fs, async iteration)'],
];

function categoryOf(
  frame: CallFrame,
  inherited: string | undefined,
  categories: readonly [RegExp, string][],
): string {
  const special = SPECIAL[frame.functionName];
  if (special && frame.url === '') return special;
  if (frame.url === '') return inherited ?? 'V8/native, unattributed';
  for (const [pattern, name] of categories) if (pattern.test(frame.url)) return name;
  return 'other';
}

function shortUrl(url: string): string {
  const inRepo = /\/(src|bench|node_modules)\/.*/.exec(url)?.[0];
  return inRepo ? inRepo.slice(1) : url;
}

/** `patterns` name the code by script URL; the default suits the profile import. */
export function summariseCpuProfile(
  file: string,
  top = 15,
  patterns: readonly [RegExp, string][] = CATEGORIES,
): CpuSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });

  const categoryById = new Map<number, string>();
  const root = profile.nodes[0];
  const stack: [ProfileNode, string | undefined][] = root ? [[root, undefined]] : [];
  while (stack.length) {
    const [node, inherited] = stack.pop()!;
    const category = categoryOf(node.callFrame, inherited, patterns);
    categoryById.set(node.id, category);
    // Special frames (idle, GC, program, root) pass nothing down.
    const passDown =
      node.callFrame.url === '' && SPECIAL[node.callFrame.functionName] ? undefined : category;
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next) stack.push([next, passDown]);
    }
  }

  const categories = new Map<string, number>();
  const functions = new Map<
    string,
    { name: string; where: string; category: string; ms: number }
  >();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    totalMs += ms;
    const category = categoryById.get(id) ?? 'other';
    categories.set(category, (categories.get(category) ?? 0) + ms);
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '(built-in)';
    const key = `${name}@${where}`;
    const entry = functions.get(key) ?? { name, where, category, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  return {
    totalMs,
    categories: [...categories].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}
