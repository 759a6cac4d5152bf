// The local mailbox: what mailbox configurations captured, newest first, and each message's parts.
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody, IdParams, Page } from '../../platform/model.ts';
import { MailboxMessage, MailboxMessageSummary, MailboxQuery } from './model.ts';
import { getMailboxMessage, getMailboxRaw, listMailbox, mailboxDb } from './store.ts';

const tags = ['Mailbox'];

export function mailboxRoutes(app: TypedApp, deps: AppDeps): void {
  const db = mailboxDb(deps.database.db);

  app.get('/mailbox', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'Messages captured by mailbox configurations, newest first',
      querystring: MailboxQuery,
      response: { 200: Page(MailboxMessageSummary), 400: ErrorBody },
    },
    handler: async (request) => listMailbox(db, contextOf(request, deps).sandboxId, request.query),
  });

  app.get('/mailbox/:id', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary:
        'One captured message: an email parsed into headers, HTML and text; else its payload',
      params: IdParams,
      response: { 200: MailboxMessage, 404: ErrorBody },
    },
    handler: async (request) =>
      getMailboxMessage(db, contextOf(request, deps).sandboxId, request.params.id),
  });

  app.get('/mailbox/:id/raw', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'The MIME source of a captured email (message/rfc822)',
      params: IdParams,
      response: {
        200: Type.Unsafe<Buffer>(Type.String({ description: 'RFC 5322 message' })),
        404: ErrorBody,
      },
    },
    handler: async (request, reply) => {
      const raw = await getMailboxRaw(db, contextOf(request, deps).sandboxId, request.params.id);
      return reply.type('message/rfc822').send(raw);
    },
  });
}
