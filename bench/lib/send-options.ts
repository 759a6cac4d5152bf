// The send benchmark's command line (bench/send.ts): recipients, baseline size, Clarion's lanes,
// connections and batch size, which contenders run, and the --unsigned and --profile diagnostics.
import { DEFAULT_BATCH_SIZE } from '../../src/delivery/model.ts';

export const CONTENDERS = ['smtp-source', 'nodemailer', 'clarion-1', 'clarion-2'] as const;
export type Contender = (typeof CONTENDERS)[number];

export interface SendOptions {
  recipients: number;
  lanes: number;
  connections: number;
  batchSize: number;
  /** Messages per baseline (smtp-source, nodemailer loops); their rates do not depend on it. */
  baselineMessages: number;
  only: Contender[];
  /** Diagnostic: the configuration's DKIM key removed after activation, so nothing is signed. */
  unsigned: boolean;
  /** Workers under node --cpu-prof, and pg_stat_statements for the Clarion runs. */
  profile: boolean;
}

export function parseSendOptions(argv: readonly string[]): SendOptions {
  const options: SendOptions = {
    recipients: Number(process.env.SEND_RECIPIENTS ?? 200_000),
    lanes: 2,
    connections: 5,
    batchSize: DEFAULT_BATCH_SIZE,
    baselineMessages: 50_000,
    only: [...CONTENDERS],
    unsigned: false,
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    if (arg === '--recipients') options.recipients = value();
    else if (arg === '--lanes') options.lanes = value();
    else if (arg === '--connections') options.connections = value();
    else if (arg === '--batch-size') options.batchSize = value();
    else if (arg === '--baseline-messages') options.baselineMessages = value();
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--unsigned') options.unsigned = true;
    else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((n) => !(CONTENDERS as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`--only takes ${CONTENDERS.join(',')}`);
      options.only = names as Contender[];
    } else
      throw new Error(
        `unknown argument ${arg}; use --recipients N, --lanes L, --connections C, --batch-size B, --baseline-messages M, --only …, --unsigned, --profile`,
      );
  }
  if (!Number.isInteger(options.recipients) || options.recipients <= 0)
    throw new Error('SEND_RECIPIENTS must be a positive integer');
  return options;
}
