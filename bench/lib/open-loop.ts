// Load at a fixed offered rate, open loop: request i is due at start + i / rate, whether or not
// earlier ones have been answered, and its latency is measured from that due time (so a server
// that falls behind is charged for the wait, as in wrk2). autocannon's `overallRate` instead lets
// each connection send its share of a second back to back and then pause, and it corrects its
// histogram with an expected interval of ceil(1 / per-connection rate) = 1 ms, recording a 30 ms
// answer as 30 samples from 1 to 30 ms: its p99 at a fixed rate is not the answers' p99.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult } from './trigger-load.ts';

interface Answer {
  status: number | 'error';
  latencyMs: number;
}

function post(
  agent: http.Agent,
  url: URL,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 30_000,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function runOpenLoop(options: {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: (n: number) => unknown;
  /** Requests per second offered. */
  rate: number;
  amount: number;
  /** Sockets kept open towards the server at most (requests beyond wait for one). */
  connections: number;
  first: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.url);
  const answers: Promise<Answer>[] = [];
  const start = performance.now();
  for (let i = 0; i < options.amount; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const body = JSON.stringify(options.body(options.first + i));
    answers.push(
      post(agent, url, options.path, options.headers, body).then(
        (status) => ({ status, latencyMs: performance.now() - due }),
        () => ({ status: 'error' as const, latencyMs: performance.now() - due }),
      ),
    );
  }
  const settled = await Promise.all(answers);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const refused: Record<string, number> = {};
  const latencies: number[] = [];
  for (const answer of settled)
    if (answer.status === 202) latencies.push(answer.latencyMs);
    else refused[String(answer.status)] = (refused[String(answer.status)] ?? 0) + 1;
  latencies.sort((a, b) => a - b);
  const ms = (value: number) => Math.round(value);
  return {
    requests: settled.length,
    accepted: latencies.length,
    refused,
    seconds,
    tps: latencies.length / seconds,
    p50: ms(percentile(latencies, 50)),
    p975: ms(percentile(latencies, 97.5)),
    p99: ms(percentile(latencies, 99)),
    max: ms(latencies.at(-1) ?? 0),
  };
}
