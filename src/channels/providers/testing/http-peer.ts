// A real HTTP/1.1 server on loopback that records each request and answers as told.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface HttpPeer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startHttpPeer(
  answer: (request: RecordedRequest) => Answer | Promise<Answer>,
): Promise<HttpPeer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      void Promise.resolve(answer(recorded)).then((a) => {
        const body = a.json === undefined ? '' : JSON.stringify(a.json);
        res.writeHead(a.status, {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...a.headers,
        });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens. */
export async function closedUrl(): Promise<string> {
  const peer = await startHttpPeer(() => ({ status: 200 }));
  await peer.close();
  return peer.url;
}
