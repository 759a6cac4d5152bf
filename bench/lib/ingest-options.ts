// The ingest benchmark's command line (bench/ingest.ts): file size, seed, --profile and the
// PostgreSQL settings to try (--set name=value).

export interface IngestOptions {
  profiles: number;
  seed: number;
  profile: boolean;
  /** PostgreSQL settings to apply (ALTER SYSTEM) before measuring, from --set name=value. */
  settings: Record<string, string>;
}

export function parseIngestOptions(argv: readonly string[]): IngestOptions {
  const options: IngestOptions = {
    profiles: Number(process.env.INGEST_PROFILES ?? 1_000_000),
    seed: 42,
    profile: false,
    settings: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    if (arg === '--profiles') options.profiles = value();
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--set') {
      const [name, setting] = (argv[++i] ?? '').split(/=(.*)/s);
      if (!name || !/^[a-z_.]+$/.test(name) || setting === undefined)
        throw new Error('--set needs name=value, e.g. --set shared_buffers=1GB');
      options.settings[name] = setting;
    } else
      throw new Error(
        `unknown argument ${arg}; use --profiles N, --seed S, --profile, --set name=value`,
      );
  }
  if (!Number.isInteger(options.profiles) || options.profiles <= 0)
    throw new Error('INGEST_PROFILES must be a positive integer');
  return options;
}
