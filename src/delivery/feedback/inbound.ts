// What the bounce listener does with one received email: read the report, find the message it is
// about — by the VERP token in the envelope recipient, else by the returned Message-ID — and
// record each recipient's outcome. Mail that is no report, or about no message we know, is
// accepted and dropped: answering with an error would only make the remote server bounce the
// bounce.
import { parseVerpAddress } from '../../channels/providers/addresses.ts';
import { classifyDsn, classifyFeedbackType, enhancedCode } from './classify.ts';
import { parseReport, type DsnRecipientBlock, type InboundReport } from './reports.ts';
import {
  configurationsForBounceAddress,
  confirmDelivery,
  findMessageById,
  findMessageByToken,
  recordFeedback,
  type FeedbackDeps,
  type FeedbackMessage,
  type FeedbackResult,
} from './store.ts';

/** `<{executionId}.{recipientKey}@{domain}>` as written by `messageIdFor`. */
export function parseMessageId(
  messageId: string | undefined,
): { executionId: string; recipientKey: string } | undefined {
  const found = messageId
    ? /^<?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.([^@<>]+)@[^<>]+>?$/.exec(
        messageId.trim(),
      )
    : null;
  if (!found) return undefined;
  try {
    return { executionId: found[1]!.toLowerCase(), recipientKey: decodeURIComponent(found[2]!) };
  } catch {
    return undefined;
  }
}

export type InboundOutcome =
  | { outcome: 'recorded'; message: FeedbackMessage; results: FeedbackResult[] }
  | { outcome: 'delivered'; message: FeedbackMessage }
  | { outcome: 'dropped'; why: string };

/** The DSN blocks about the message's address; the only block when none names it. */
function blocksFor(recipients: DsnRecipientBlock[], address: string): DsnRecipientBlock[] {
  const mine = recipients.filter((r) =>
    [r.finalRecipient, r.originalRecipient].some((a) => a?.toLowerCase() === address.toLowerCase()),
  );
  if (mine.length) return mine;
  return recipients.length === 1 ? recipients : [];
}

async function findMessage(
  deps: FeedbackDeps,
  bounceAddress: string,
  token: string | undefined,
  report: Exclude<InboundReport, { type: 'other' }>,
): Promise<FeedbackMessage | undefined> {
  const candidates = await configurationsForBounceAddress(deps.pool, bounceAddress);
  if (!candidates.length) return undefined;
  // A VERP token in the report (the returned Return-Path, ARF's Original-Mail-From) serves when
  // the envelope recipient had none, as long as it is for the same bounce address.
  for (const address of [
    report.original.returnPath,
    report.type === 'arf' ? report.originalMailFrom : undefined,
  ]) {
    const verp = !token && address ? parseVerpAddress(address) : undefined;
    if (verp && verp.bounceAddress.toLowerCase() === bounceAddress.toLowerCase())
      token = verp.token;
  }
  const ids = parseMessageId(report.original.messageId);
  // The Message-ID names the send; it is trusted when it agrees with the token.
  if (ids && (!token || ids.recipientKey.replace(/-/g, '') === token)) {
    const found = await findMessageById(deps.pool, candidates, ids.executionId, ids.recipientKey);
    if (found) return found;
  }
  return token ? findMessageByToken(deps.pool, candidates, token) : undefined;
}

/** Handles one email received for `rcptTo` (the bounce addresses it was accepted for). */
export async function handleInboundMail(
  deps: FeedbackDeps,
  rcptTo: string[],
  raw: Buffer,
): Promise<InboundOutcome[]> {
  const report = await parseReport(raw);
  if (report.type === 'other') return [{ outcome: 'dropped', why: 'not a DSN or ARF report' }];
  const outcomes: InboundOutcome[] = [];
  const seen = new Set<string>();
  for (const recipient of new Set(rcptTo.map((r) => r.toLowerCase()))) {
    const verp = parseVerpAddress(recipient);
    const message = await findMessage(deps, verp?.bounceAddress ?? recipient, verp?.token, report);
    if (!message) {
      outcomes.push({ outcome: 'dropped', why: `no message found for ${recipient}` });
      continue;
    }
    const key = `${message.sandboxId}/${message.executionId}/${message.recipientKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    outcomes.push(await applyReport(deps, report, message));
  }
  return outcomes;
}

async function applyReport(
  deps: FeedbackDeps,
  report: Exclude<InboundReport, { type: 'other' }>,
  message: FeedbackMessage,
): Promise<InboundOutcome> {
  const common = {
    sandboxId: message.sandboxId,
    channel: message.channel,
    address: message.address,
    message,
  };
  if (report.type === 'arf') {
    const classification = classifyFeedbackType(report.feedbackType);
    const result = await recordFeedback(deps, {
      ...common,
      source: 'arf',
      classification,
      statusCode: null,
      diagnostic: `feedback report: ${report.feedbackType ?? 'no type'}`,
      messageOutcome: classification.kind === 'complaint' ? 'delivered' : undefined,
    });
    return { outcome: 'recorded', message, results: [result] };
  }
  const blocks = blocksFor(report.recipients, message.address);
  if (!blocks.length)
    return { outcome: 'dropped', why: `the report names no block for ${message.address}` };
  const results: FeedbackResult[] = [];
  let delivered = false;
  for (const block of blocks) {
    const classification = classifyDsn(block);
    if (classification === 'delivered') {
      delivered = true;
      continue;
    }
    results.push(
      await recordFeedback(deps, {
        ...common,
        source: 'dsn',
        classification,
        statusCode: enhancedCode(block.status) ?? block.status ?? null,
        diagnostic: block.diagnostic || `Action: ${block.action}`,
        messageOutcome: block.action === 'failed' ? 'failed' : undefined,
      }),
    );
  }
  if (delivered && !results.length) {
    await confirmDelivery(deps, message);
    return { outcome: 'delivered', message };
  }
  return { outcome: 'recorded', message, results };
}
