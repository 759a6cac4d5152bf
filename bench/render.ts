// Template rendering: Clarion's compiled templates beside precompiled plain Handlebars doing the
// same work, in the same process, alternating round by round. Scenarios: a short SMS (one
// variable and one upper-casing call) and a ~10 KB email (ten variables, one helper call, an
// #each over five items). Both engines HTML-escape; outputs are checked equal before timing.
//
// Run:  npx tsx bench/render.ts [--seconds S]   (default 2 s per engine per round, 3 rounds)
import Handlebars from 'handlebars';
import { loadavg } from 'node:os';
import { compileTemplate } from '../src/content/expression/index.ts';
import { formatComparison, machineDescription, now } from './lib/measure.ts';
import { EMAIL, SMS_CLARION, SMS_HANDLEBARS, recipients } from './lib/render-templates.ts';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = Number(secondsArg > 0 ? process.argv[secondsArg + 1] : 2);
const ROUNDS = 3;
const TARGETS = { sms: 200_000, email: 20_000, ratio: 0.7 };

type Render = (data: unknown) => string;

const handlebars = Handlebars.create();
handlebars.registerHelper('upperCase', (value: unknown) =>
  typeof value === 'string' ? value.toUpperCase() : '',
);

const people = recipients(1_000);

/** Renders per second over about `seconds`, cycling through the recipients. */
function rendersPerSecond(render: Render, seconds: number): number {
  let count = 0;
  let sink = 0;
  const started = now();
  const until = started + seconds * 1000;
  while (now() < until) {
    for (let i = 0; i < 1_000; i++) sink += render(people[i]).length;
    count += 1_000;
  }
  if (sink === 0) throw new Error('nothing rendered');
  return count / ((now() - started) / 1000);
}

function scenario(label: string, clarion: Render, plain: Render) {
  for (const person of people.slice(0, 20))
    if (clarion(person) !== plain(person))
      throw new Error(
        `${label}: outputs differ\n--- clarion\n${clarion(person)}\n--- handlebars\n${plain(person)}`,
      );
  // Warm both up, then alternate so that load from other work on the machine hits both alike.
  rendersPerSecond(clarion, 0.5);
  rendersPerSecond(plain, 0.5);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(rendersPerSecond(clarion, SECONDS));
    b.push(rendersPerSecond(plain, SECONDS));
  }
  const median = (values: number[]) =>
    [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  return { label, unit: 'renders/s', a: median(a), b: median(b) };
}

const sms = compileTemplate(SMS_CLARION);
const email = compileTemplate(EMAIL);
const smsPlain = handlebars.compile(SMS_HANDLEBARS);
const emailPlain = handlebars.compile(EMAIL);

console.log(
  `Machine: ${machineDescription()}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  `Email template: ${EMAIL.length.toLocaleString('en-US')} characters; ${SECONDS} s per engine per round, ${ROUNDS} rounds, median\n`,
);
const rows = [
  scenario(
    'SMS (1 variable + upperCase)',
    (data) => sms.render(data),
    (data) => smsPlain(data),
  ),
  scenario(
    'email ~10 KB (10 variables, #each × 5)',
    (data) => email.render(data),
    (data) => emailPlain(data),
  ),
];
console.log(formatComparison('clarion', 'handlebars', rows));
const [smsRow, emailRow] = rows;
const verdicts = [
  `SMS ≥ ${TARGETS.sms.toLocaleString('en-US')}/s: ${smsRow && smsRow.a >= TARGETS.sms ? 'met' : 'NOT met'}`,
  `email ≥ ${TARGETS.email.toLocaleString('en-US')}/s: ${emailRow && emailRow.a >= TARGETS.email ? 'met' : 'NOT met'}`,
  `ratio ≥ ${TARGETS.ratio}: ${rows.every((row) => row.a / row.b >= TARGETS.ratio) ? 'met' : 'NOT met'}`,
];
console.log(`\nTargets: ${verdicts.join('; ')}`);
console.log(
  `Load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
