// A pool of SMTP connections for pre-built messages: up to maxConnections sessions stay open and
// each takes the next queued message as soon as its previous one is accepted. nodemailer's
// SMTPConnection speaks the protocol (EHLO, STARTTLS, AUTH, PIPELINING of MAIL/RCPT/DATA); the
// pool only hands out messages, so a send costs no more than its SMTP round trips.
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface SmtpPoolOptions extends SMTPConnection.Options {
  maxConnections: number;
  auth?: { user: string; pass: string } | undefined;
}

export type SmtpSendInfo = SMTPConnection.SentMessageInfo;

export interface SmtpPool {
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SmtpSendInfo>;
  /** Ends idle sessions now and busy ones after their message; queued messages fail. */
  close(): void;
}

interface Job {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  resolve(info: SmtpSendInfo): void;
  reject(error: unknown): void;
}

interface Session {
  connection: SMTPConnection;
  ready: boolean;
  busy: boolean;
}

type SmtpError = Error & { code?: string; responseCode?: number };

export function createSmtpPool(options: SmtpPoolOptions): SmtpPool {
  const { maxConnections, auth, ...connectionOptions } = options;
  const queue: Job[] = [];
  const sessions = new Set<Session>();
  /** Lowered when the server refuses more sessions than it already has. */
  let limit = Math.max(1, maxConnections);
  let closed = false;

  const failQueued = (error: unknown) => {
    for (const job of queue.splice(0)) job.reject(error);
  };

  const next = (session: Session) => {
    if (session.busy) return;
    if (closed) {
      session.connection.quit();
      return;
    }
    const job = queue.shift();
    if (job) run(session, job);
  };

  const run = (session: Session, job: Job) => {
    session.busy = true;
    session.connection.send(job.envelope, job.raw, (error, info) => {
      session.busy = false;
      if (!error) {
        job.resolve(info);
        next(session);
        return;
      }
      const e = error as SmtpError;
      job.reject(error);
      // The server refused this message; the session itself is fine once reset.
      if ((e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && e.responseCode !== 421) {
        session.busy = true;
        session.connection.reset((resetError) => {
          session.busy = false;
          if (resetError) session.connection.close();
          else next(session);
        });
        return;
      }
      session.connection.close();
    });
  };

  const open = () => {
    const connection = new SMTPConnection(connectionOptions);
    const session: Session = { connection, ready: false, busy: false };
    sessions.add(session);
    let settled = false;
    const failed = (error: unknown) => {
      if (settled) return;
      settled = true;
      connection.close();
      // With other sessions open or opening, the server may only refuse one more (a limit on
      // connections per client): use fewer. When none is left, the server is out of reach.
      const others = [...sessions].filter((s) => s !== session).length;
      if (others > 0) limit = Math.max(1, Math.min(limit, others));
      else {
        limit = Math.max(1, maxConnections);
        failQueued(error);
      }
    };
    connection.on('error', (error) => {
      // A send's own error reaches its callback; this one is about the session.
      if (!session.ready) failed(error);
    });
    connection.once('end', () => {
      sessions.delete(session);
      if (!session.ready) failed(new Error('Connection closed before the SMTP session started'));
      else pump();
    });
    connection.connect((error) => {
      if (error) return failed(error);
      const start = () => {
        settled = true;
        session.ready = true;
        next(session);
      };
      if (auth && connection.allowsAuth)
        connection.login(auth, (loginError) => (loginError ? failed(loginError) : start()));
      else start();
    });
  };

  const pump = () => {
    if (closed) return;
    for (const session of sessions) {
      if (queue.length === 0) return;
      if (session.ready && !session.busy) run(session, queue.shift()!);
    }
    const starting = [...sessions].filter((s) => !s.ready).length;
    while (queue.length > starting && sessions.size < limit) open();
  };

  return {
    send(envelope, raw) {
      if (closed) return Promise.reject(new Error('The SMTP pool is closed'));
      return new Promise<SmtpSendInfo>((resolve, reject) => {
        queue.push({ envelope, raw, resolve, reject });
        pump();
      });
    },
    close() {
      closed = true;
      failQueued(new Error('The SMTP pool is closed'));
      for (const session of sessions) {
        if (!session.ready) session.connection.close();
        else if (!session.busy) session.connection.quit();
      }
    },
  };
}
