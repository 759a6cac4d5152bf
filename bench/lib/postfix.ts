// Postfix's SMTP test programs for benchmarks: `smtp-sink`, a receiving server that throws mail
// away and counts it, and `smtp-source`, a load generator. Neither is part of Clarion or its CI;
// they come with the Debian/Ubuntu package `postfix`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { sleep } from './measure.ts';

export const POSTFIX_INSTALL_HINT = `smtp-sink and smtp-source come with Postfix. On Debian or Ubuntu, install it without
configuring a mail system (the benchmark only runs these two test programs):

  echo "postfix postfix/main_mailer_type select No configuration" | sudo debconf-set-selections
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postfix

(as root, leave out sudo). The programs land in /usr/sbin (check: dpkg -L postfix | grep smtp-).`;

/** The program's path in /usr/sbin, /usr/local/sbin or PATH; undefined when missing. */
export function findPostfixTool(name: 'smtp-sink' | 'smtp-source'): string | undefined {
  const dirs = ['/usr/sbin', '/usr/local/sbin', ...(process.env.PATH ?? '').split(delimiter)];
  for (const dir of dirs.filter(Boolean)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A free TCP port on loopback (closed again before returning; good enough for a benchmark). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface PostfixSink {
  port: number;
  pid: number;
  /** Messages the sink has accepted (its own counter: one per "." received). */
  delivered(): number;
  /** Resolves once the sink's counter has stayed at `count` or more; rejects after `ms`. */
  waitFor(count: number, ms: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `smtp-sink -c [-u nobody] 127.0.0.1:PORT 1000`: with -c it prints `sess=… quit=… mesg=N` each
 * time a message ends, which is read here as the sink's own count of what it received. As root it
 * must drop privileges (-u nobody).
 */
export async function startPostfixSink(binary: string, backlog = 1000): Promise<PostfixSink> {
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(
    binary,
    ['-c', ...(asRoot ? ['-u', 'nobody'] : []), `127.0.0.1:${port}`, String(backlog)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let count = 0;
  let carry = '';
  let errors = '';
  child.stdout!.setEncoding('latin1');
  child.stdout!.on('data', (chunk: string) => {
    const text = carry + chunk;
    const cut = Math.max(text.lastIndexOf('\r'), text.lastIndexOf('\n'));
    const complete = cut >= 0 ? text.slice(0, cut) : '';
    carry = cut >= 0 ? text.slice(cut + 1) : text;
    const at = complete.lastIndexOf('mesg=');
    if (at >= 0) count = Number(/^mesg=(\d+)/.exec(complete.slice(at))?.[1] ?? count);
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = once(child, 'exit');
  // The sink is not ours to leave behind when the benchmark dies.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // Ready once it accepts connections.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`smtp-sink exited: ${errors}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) break;
    if (attempt > 100) throw new Error(`smtp-sink does not listen on ${port}: ${errors}`);
    await sleep(50);
  }
  return {
    port,
    pid: child.pid!,
    delivered: () => count,
    async waitFor(target, ms) {
      const until = Date.now() + ms;
      while (count < target) {
        if (Date.now() > until)
          throw new Error(`smtp-sink counted ${count} messages, expected ${target}`);
        await sleep(20);
      }
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `smtp-source -s SESSIONS [-d] -m COUNT -l BYTES -f FROM -t TO 127.0.0.1:PORT`, timed from spawn
 * to exit. -d keeps each session's connection for the next message (as a pooled client does);
 * without it every message opens a connection of its own.
 */
export async function runSmtpSource(
  binary: string,
  options: {
    port: number;
    sessions: number;
    messages: number;
    bytes: number;
    keepConnections: boolean;
    from: string;
    to: string;
  },
): Promise<{ seconds: number }> {
  const args = [
    '-s',
    String(options.sessions),
    ...(options.keepConnections ? ['-d'] : []),
    '-m',
    String(options.messages),
    '-l',
    String(options.bytes),
    '-f',
    options.from,
    '-t',
    options.to,
    `127.0.0.1:${options.port}`,
  ];
  const started = performance.now();
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`smtp-source ${args.join(' ')} exited ${code}: ${errors}`);
  return { seconds };
}
