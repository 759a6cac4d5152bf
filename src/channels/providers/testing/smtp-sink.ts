// A real SMTP server on loopback that keeps what it receives and answers recipients by rule.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** TCP connections accepted so far. */
  connections: number;
  /** Sessions open now, and the most open at once. */
  open: number;
  maxOpen: number;
  close(): Promise<void>;
}

/** A reply for a recipient address (e.g. `[550, '5.1.1 No such user']`), or undefined to accept. */
export type RecipientRule = (address: string) => [number, string] | undefined;

export async function startSmtpSink(rule: RecipientRule = () => undefined): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const sink = { connections: 0, open: 0, maxOpen: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      sink.connections++;
      sink.open++;
      sink.maxOpen = Math.max(sink.maxOpen, sink.open);
      callback();
    },
    onClose() {
      sink.open--;
    },
    onRcptTo(address, _session, callback) {
      const reply = rule(address.address);
      if (!reply) return callback();
      callback(Object.assign(new Error(reply[1]), { responseCode: reply[0] }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  // A client that dies mid-transaction (a killed worker) resets its connection: not a test failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    get connections() {
      return sink.connections;
    },
    get open() {
      return sink.open;
    },
    get maxOpen() {
      return sink.maxOpen;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
