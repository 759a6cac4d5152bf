// The send benchmark's messages for the nodemailer loop: Clarion renders the newsletter once with
// markers for its two variables, and the loop fills the rendered text by plain string
// concatenation; and the same message as Clarion builds it, to check that both are the same size.
import type { SendMailOptions } from 'nodemailer';
import { compileContent } from '../../src/content/compile.ts';
import { FIRST_NAMES, SEND_CONTENT } from './send-content.ts';
import { clarionMailOptions, SENDER, UNSUBSCRIBE } from './smtp-setup.ts';

const FIRST = 'QQFIRSTQQ';
const NUMBER = 'QQNUMBERQQ';

/** The rendered output with markers for the two variables, split into literal parts and slots. */
function slots(rendered: string): (first: string, n: string) => string {
  const parts = rendered.split(new RegExp(`(${FIRST}|${NUMBER})`));
  return (first, n) => {
    let out = '';
    for (const part of parts) out += part === FIRST ? first : part === NUMBER ? n : part;
    return out;
  };
}

export interface PlainMessages {
  /** The message for recipient i (0-based): what the plain loop hands to sendMail. */
  options(i: number, executionId: string): SendMailOptions;
}

export async function plainMessages(): Promise<PlainMessages> {
  const compiled = await compileContent({ channel: 'email', content: SEND_CONTENT });
  if (compiled.channel !== 'email') throw new Error('email content expected');
  const out = compiled.email.render({
    profile: { firstName: FIRST, n: NUMBER },
    unsubscribeUrl: '',
    mirrorPageUrl: '',
  });
  const subject = slots(out.subject);
  const html = slots(out.html);
  const text = slots(out.text);
  return {
    options(i, executionId) {
      const first = FIRST_NAMES[(i + 1) % FIRST_NAMES.length]!;
      const n = String(i + 1);
      // Same shape as Clarion's ids: a UUID per recipient, VERP token without dashes.
      const key = `00000000-0000-4000-8000-${n.padStart(12, '0')}`;
      return {
        messageId: `<${executionId}.${key}@shop.example.com>`,
        from: { name: 'Clarion Shop', address: SENDER },
        to: `r${n}@example.com`,
        subject: subject(first, n),
        html: html(first, n),
        text: text(first, n),
        headers: { 'X-Clarion-Execution': executionId },
        list: { unsubscribe: [[UNSUBSCRIBE]] },
        envelope: {
          from: `bounces+${key.replace(/-/g, '')}@shop.example.com`,
          to: [`r${n}@example.com`],
        },
        xMailer: false,
        disableFileAccess: true,
        disableUrlAccess: true,
      };
    },
  };
}

/** The same message as Clarion builds it, for the size check. */
export function clarionOptions(i: number, executionId: string): Promise<SendMailOptions> {
  const n = String(i + 1);
  const key = `00000000-0000-4000-8000-${n.padStart(12, '0')}`;
  return clarionMailOptions({
    content: SEND_CONTENT,
    profile: { firstName: FIRST_NAMES[(i + 1) % FIRST_NAMES.length], n: i + 1 },
    address: `r${n}@example.com`,
    recipientKey: key,
    executionId,
  });
}
