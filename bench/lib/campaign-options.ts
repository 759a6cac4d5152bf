// The campaign benchmark's command line (bench/campaign.ts): sandbox size, worker counts, lanes,
// SMTP connections, smtp-source's messages per measurement, and --full-demo.

export interface CampaignOptions {
  profiles: number;
  workers: number[];
  lanes: number;
  connections: number;
  sourceMessages: number;
  /** The whole `clarion demo` seeder (purchases and events too) instead of its people. */
  fullDemo: boolean;
}

export function parseCampaignOptions(argv: readonly string[]): CampaignOptions {
  const options: CampaignOptions = {
    profiles: Number(process.env.CAMPAIGN_PROFILES ?? 1_000_000),
    workers: [2],
    lanes: 2,
    connections: 5,
    sourceMessages: 50_000,
    fullDemo: false,
  };
  const positive = (arg: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--profiles') options.profiles = positive(arg, argv[++i]);
    else if (arg === '--workers')
      options.workers = (argv[++i] ?? '').split(',').map((w) => positive(arg, w));
    else if (arg === '--lanes') options.lanes = positive(arg, argv[++i]);
    else if (arg === '--connections') options.connections = positive(arg, argv[++i]);
    else if (arg === '--source-messages') options.sourceMessages = positive(arg, argv[++i]);
    else if (arg === '--full-demo') options.fullDemo = true;
    else
      throw new Error(
        `unknown argument ${arg}; use --profiles N, --workers W[,W], --lanes L, --connections C, --source-messages M, --full-demo`,
      );
  }
  if (!Number.isInteger(options.profiles) || options.profiles <= 0)
    throw new Error('CAMPAIGN_PROFILES must be a positive integer');
  return options;
}
