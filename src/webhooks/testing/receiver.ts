// A webhook receiver on loopback for tests: keeps every request with its raw body and answers
// with the status the test sets.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** The status of the next answers; a 3xx answer points at another host. */
  answer: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = { requests: [] as ReceivedRequest[], answer: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.requests.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = receiver.answer;
      if (status >= 300 && status < 400) response.setHeader('location', 'https://elsewhere.test/');
      response.statusCode = status;
      response.end(status >= 400 ? 'receiver says no' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/clarion`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
