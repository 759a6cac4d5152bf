// Starting content per channel and how problems are sorted onto the fields of an editor.
import type {
  ChannelContent,
  ContentChannel,
  EmailContent,
  PushContent,
  SmsContent,
  TemplateProblem,
} from '../api/content.ts';

export const CHANNEL_LABELS: Record<ContentChannel, string> = {
  email: 'Email',
  sms: 'SMS',
  push: 'Push',
};

export const STARTER_EMAIL: EmailContent = {
  subject: 'Hello {{profile.person.name.firstName}}',
  preheader: '',
  format: 'html',
  body: `<html>
  <head>
    <style>
      .card { font-family: Arial, sans-serif; color: #1f2933; padding: 24px; }
      .cta { background: #1c7ed6; color: #ffffff; padding: 10px 18px; text-decoration: none; }
    </style>
  </head>
  <body>
    <div class="card">
      <h1>Hello {{profile.person.name.firstName}}</h1>
      <p>Write your message here.</p>
      <p><a class="cta" href="https://example.com">Open</a></p>
      <p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>
    </div>
  </body>
</html>
`,
};

export const STARTER_MJML = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text font-size="20px">Hello {{profile.person.name.firstName}}</mj-text>
        <mj-text>Write your message here.</mj-text>
        <mj-button href="https://example.com">Open</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const STARTER_SMS: SmsContent = {
  body: 'Hi {{profile.person.name.firstName}}, ',
};

export const STARTER_PUSH: PushContent = {
  title: 'Hello {{profile.person.name.firstName}}',
  body: 'Write your message here.',
};

export function starterContent(channel: ContentChannel): ChannelContent {
  switch (channel) {
    case 'email':
      return { channel, content: STARTER_EMAIL };
    case 'sms':
      return { channel, content: STARTER_SMS };
    case 'push':
      return { channel, content: STARTER_PUSH };
  }
}

/** Problems of one field (`/content/body`), for marking them in that field's editor. */
export function problemsAt(problems: readonly TemplateProblem[], path: string) {
  return problems.filter((problem) => problem.path === path);
}

/** The first problem of a field as one line, for an input's error slot. */
export function fieldError(problems: readonly TemplateProblem[], path: string): string | undefined {
  const first = problems.find((problem) => problem.path === path);
  return first ? describeProblem(first) : undefined;
}

export function describeProblem(problem: TemplateProblem): string {
  const where =
    problem.line === undefined ? '' : `Line ${problem.line}, column ${problem.column ?? 1}: `;
  const inFragment = problem.fragment ? ` (in fragment ${problem.fragment})` : '';
  return `${where}${problem.message}${inFragment}`;
}

/** Editor marks: problems of the field that have a position inside it. */
export function editorProblems(problems: readonly TemplateProblem[], path: string) {
  return problemsAt(problems, path).flatMap((problem) =>
    problem.line === undefined || problem.fragment
      ? []
      : [{ line: problem.line, column: problem.column ?? 1, message: problem.message }],
  );
}
