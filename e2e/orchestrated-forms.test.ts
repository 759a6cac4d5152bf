// The side-panel forms of the orchestrated canvas for Load file, Deduplication, Reconciliation,
// Fork, AND-join, Test, Alert, End, Direct mail, Combine and Scheduler: an administrator drops
// each on the canvas, fills its form (uploading a CSV, picking dates in a calendar, picking the
// file's columns where a form names one once the Load file reaches it), sees field messages for
// wrong entries, saves, and each configuration read back through the API is the one described.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';
import { panelDriver } from './orchestrated-forms-driver.ts';

const MEMBERS_CSV =
  'email,first_name,points,joined\nada@example.test,Ada,120,2026-01-04\nbob@example.test,Bob,80,2026-02-11\ncy@example.test,Cy,15,2026-03-20\n';
const STORED_FILES = 'SELECT id, name, line_count FROM orchestrated_files';
const OPS = { email: 'ops-lead@example.test', password: 'ops lead password 2026' };

describe.skipIf(!runSuite)('orchestrated side-panel forms', () => {
  let c: BrowserConsole;
  let headers: Record<string, string> = {};
  let [campaignId, followUpId, opsId, validUntilDay] = ['', '', '', ''];

  beforeAll(async () => {
    c = await openConsole('orchestrated-forms', { 'members.csv': MEMBERS_CSV });
    // Tall enough for the longest form to show whole in the screenshots.
    await c.page.setViewportSize({ width: 1360, height: 1300 });
    headers = await c.t.adminHeaders();
    await c.addUser(OPS.email, OPS.password, 'orchestratedCampaignViewer');
    opsId = await userId('ops-lead', headers);
    followUpId = await createCampaign('Winback follow-up', headers);
    campaignId = await createCampaign('Forms tour', headers);
  });
  afterAll(async () => {
    await c?.close();
  });

  const driver = panelDriver(() => c);
  const { panel, outputs, shot, add, join, choose, suggestions, tag } = driver;
  const { createCampaign, userId, savedConfigs, nextMonth15th } = driver;

  it('opens the canvas of a campaign', async () => {
    const { page } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${c.base}/campaigns/orchestrated/${campaignId}`);
    await page.getByRole('heading', { level: 2, name: /Forms tour/ }).waitFor();
    await page.getByText('The workflow has no activity yet.').waitFor();
  });

  it('Load file: uploads the CSV, edits its columns and the reject handling', async () => {
    const p = await add('Load file', 'loadFile1', 120, 80);
    const chooser = p.locator('input[type="file"]');
    // Refused before any upload: the message says why and what to do.
    writeFileSync(c.fileOf('huge.csv'), Buffer.alloc(50 * 1024 * 1024 + 1, 'a'));
    await chooser.setInputFiles(c.fileOf('huge.csv'));
    await p.getByText('a Load file takes at most 50 MB', { exact: false }).waitFor();
    await chooser.setInputFiles(c.fileOf('members.csv'));
    await expect.poll(() => p.getByTestId('uploaded-file').textContent()).toBe('members.csv');
    await p.getByText('3 lines · 4 columns', { exact: false }).waitFor();
    // The starting column gave way to the file's four.
    await expect.poll(() => p.getByLabel('Column 4 name').inputValue()).toBe('joined');
    await p.getByLabel('Column 1 required').check();
    await choose(p, 'Column 3 type', 'Integer');
    await choose(p, 'Column 4 type', 'Date');
    await p.getByLabel('Column 2 name').fill('line_no');
    // The shared validation's message, in place under the field.
    await p
      .getByRole('group', { name: 'Column 2' })
      .getByText("is a name the file's population already uses", { exact: false })
      .waitFor();
    await p.getByLabel('Column 2 name').fill('first_name');
    await p.getByLabel('Fail the activity').check();
    await shot('01-load-file');
  });

  it('Deduplication: file columns picked, a keep count with its message, a priority list', async () => {
    // Nothing arrives yet: the columns are typed.
    const alone = await add('Deduplication', 'deduplication1', 380, 80);
    await alone.getByText('(e.g. email); press Enter after each', { exact: false }).waitFor();
    const p = await join('loadFile1', 'out', 'deduplication1');
    // The Load file's columns, its line number first; email is already chosen.
    const offered = await suggestions(p, 'Duplicates have the same', 'first_name');
    expect(offered).toEqual(['line_no', 'first_name', 'points', 'joined']);
    await c.page.keyboard.press('Escape');
    const keep = p.getByLabel('Rows kept per group of duplicates');
    const keepMessage = p.getByText('Keep between 1 and 1,000 rows per group');
    await keep.fill('0');
    await keepMessage.waitFor();
    await keep.fill('2');
    await expect.poll(() => keepMessage.count()).toBe(0);
    await choose(p, 'Which rows are kept', 'By a list of preferred values');
    await suggestions(p, 'Column', 'first_name');
    await tag(p, 'Preferred values, best first', ['Ada', 'Bob']);
    await p.getByLabel('Duplicates output (the rows not kept)').check();
    await shot('02-deduplication');
  });

  it('Reconciliation: an identity rule and an attribute rule, unreconciled rows kept', async () => {
    await add('Reconciliation', 'reconciliation1', 640, 80);
    const p = await join('deduplication1', 'duplicates', 'reconciliation1');
    await p.getByRole('button', { name: 'Add rule' }).click();
    const rule = p.getByRole('group', { name: 'Rule 2' });
    // A new rule starts on email; emptied, its column offers the whole file.
    await rule.getByLabel('Column of the incoming rows').fill('');
    const columns = await suggestions(rule, 'Column of the incoming rows');
    expect(columns).toEqual(['line_no', 'email', 'first_name', 'points', 'joined']);
    // A column the file does not have is typed.
    await rule.getByLabel('Column of the incoming rows').fill('member_no');
    await choose(rule, 'Matches', 'An attribute');
    const attribute = rule.getByLabel('Profile attribute', { exact: true });
    await attribute.fill('loyalty.memberId');
    await attribute.press('Escape');
    await p.getByLabel('Output for rows that match no profile').check();
    await shot('03-reconciliation');
  });

  it('Fork: renames, empties (with its message) and adds branches', async () => {
    const p = await add('Fork', 'fork1', 120, 240);
    await p.getByLabel('Branch 1', { exact: true }).fill('vip');
    await p.getByLabel('Branch 2', { exact: true }).fill('');
    await p.getByText('Required', { exact: true }).waitFor();
    await p.getByLabel('Branch 2', { exact: true }).fill('others');
    await p.getByRole('button', { name: 'Add branch' }).click();
    await p.getByLabel('Branch 3', { exact: true }).fill('late');
    await expect.poll(() => p.getByText('Required', { exact: true }).count()).toBe(0);
    await shot('04-fork');
    // The ports follow the branches.
    await expect.poll(() => outputs('fork1')).toEqual(['vip', 'others', 'late']);
  });

  it('AND-join: explains itself and offers its inputs as the population passed on', async () => {
    const p = await add('AND-join', 'andJoin1', 380, 240);
    await p.getByText('Waits until every incoming branch has arrived', { exact: false }).waitFor();
    await join('fork1', 'vip', 'andJoin1');
    await join('deduplication1', 'out', 'andJoin1');
    await choose(panel(), 'Population passed on', 'Deduplication');
    await shot('05-and-join');
  });

  it('Test: ordered branches with count and variable conditions, no default', async () => {
    const p = await add('Test', 'test1', 640, 240);
    const first = p.getByRole('group', { name: 'Branch 1', exact: true });
    await first.getByLabel('Branch 1 name').fill('');
    await first.getByText('Required', { exact: true }).waitFor();
    await first.getByLabel('Branch 1 name').fill('Big audience');
    await choose(first, 'Branch 1 condition 1 comparison', '≥');
    await first.getByLabel('Branch 1 condition 1 value').fill('1000');
    await first.getByRole('button', { name: 'Add condition' }).click();
    await choose(first, 'Branch 1 condition 2 on', 'Variable');
    await first.getByLabel('Branch 1 condition 2 variable').fill('wave');
    await choose(first, 'Branch 1 condition 2 comparison', '=');
    await choose(first, 'Branch 1 condition 2 value type', 'Number');
    await first.getByLabel('Branch 1 condition 2 value', { exact: true }).fill('2');
    await p.getByRole('button', { name: 'Add branch' }).click();
    await p.getByLabel('Branch 2 name').fill('Small audience');
    await p.getByLabel('Default branch when no branch holds').uncheck();
    await shot('06-test');
  });

  it('Alert: a recipient from the users, a subject and a message', async () => {
    const p = await add('Alert', 'alert1', 120, 400);
    await choose(p, 'Recipients', /ops-lead@example\.test/);
    await c.page.keyboard.press('Escape');
    await p.getByLabel('Subject').fill('Loyalty file loaded');
    await p.getByLabel('Message').fill('The members file went through.');
    await shot('07-alert');
  });

  it('End: signals another orchestrated campaign with a variable', async () => {
    const p = await add('End', 'end1', 380, 400);
    await p.getByLabel('Then start another orchestrated campaign').check();
    await p.getByText('Choose a campaign').waitFor();
    await choose(p, 'Orchestrated campaign to start', 'Winback follow-up');
    // The chosen campaign cannot be started by a signal yet: the form says what it lacks.
    await p.getByText('has no Scheduler waiting for a signal', { exact: false }).waitFor();
    await p.getByRole('button', { name: 'Add variable' }).click();
    await p.getByLabel('Variable 1 name').fill('wave');
    await choose(p, 'Variable 1 value type', 'Number');
    await p.getByLabel('Variable 1 value', { exact: true }).fill('2');
    await shot('08-end');
  });

  it('Direct mail: a file name, a profile attribute and a column of the reconciled file', async () => {
    await add('Direct mail', 'directMail1', 640, 400);
    const p = await join('reconciliation1', 'out', 'directMail1');
    await p.getByLabel('File name').fill('mailing-may.csv');
    await p.getByRole('button', { name: 'Add column' }).click();
    const value = p.getByLabel('Column 2 value');
    await value.fill('profile.person.name.lastName');
    await value.press('Escape');
    await expect.poll(() => p.getByLabel('Column 2 header').inputValue()).toBe('lastName');
    await p.getByLabel('Column 2 header').fill('Last name');
    // The reconciled rows' columns come first; the header follows the value picked.
    await p.getByRole('button', { name: 'Add column' }).click();
    const offered = await suggestions(p, 'Column 3 value', 'points');
    const fileColumns = ['profile_id', 'line_no', 'email', 'first_name', 'points', 'joined'];
    expect(offered.slice(0, 6)).toEqual(fileColumns);
    await expect.poll(() => p.getByLabel('Column 3 header').inputValue()).toBe('points');
    await shot('09-direct-mail');
  });

  it('Combine: keeps a column picked among those its inputs bring', async () => {
    await add('Combine', 'combine1', 380, 560);
    const p = await join('reconciliation1', 'unreconciled', 'combine1');
    // The file's columns besides its key, line_no, which is kept anyway.
    const offered = await suggestions(p, 'Columns kept', 'joined');
    expect(offered).toEqual(['email', 'first_name', 'points', 'joined']);
    await c.page.keyboard.press('Escape');
    await shot('11-combine');
  });

  it('Scheduler: times of day, a zone, and an end picked in the calendar', async () => {
    const p = await add('Scheduler', 'scheduler1', 120, 560);
    await choose(p, 'Frequency', 'Several times a day');
    await p.getByLabel('Time 1', { exact: true }).fill('08:30');
    await p.getByRole('button', { name: 'Add time' }).click();
    await p.getByLabel('Time 2', { exact: true }).fill('18:45');
    await p.getByLabel('Time zone', { exact: true }).fill('Paris');
    await c.page.getByRole('option', { name: 'Europe/Paris' }).click();
    validUntilDay = await nextMonth15th(p, 'Valid until (UTC)', '2000', 'Set valid until');
    await p.getByText('in Europe/Paris', { exact: false }).waitFor();
    await shot('10-scheduler');
  });

  it('saves every configuration as the forms describe it', async () => {
    const configs = await savedConfigs(campaignId, headers);
    // The one file the server received (the oversized one never left the browser) is the one read.
    const files = await c.t.database.pool.query(STORED_FILES);
    const fileId = configs.loadFile1?.fileId;
    expect(files.rows).toEqual([{ id: fileId, name: 'members.csv', line_count: 3 }]);
    expect(configs).toEqual({
      loadFile1: {
        fileId,
        columns: [
          { name: 'email', type: 'string', required: true },
          { name: 'first_name', type: 'string' },
          { name: 'points', type: 'integer' },
          { name: 'joined', type: 'date' },
        ],
        rejects: 'fail',
      },
      deduplication1: {
        columns: ['email', 'first_name'],
        keep: 2,
        method: { kind: 'priority', column: 'first_name', values: ['Ada', 'Bob'] },
        duplicatesOutput: true,
      },
      reconciliation1: {
        rules: [
          { column: 'email', match: { kind: 'identity', namespace: 'email' } },
          { column: 'member_no', match: { kind: 'attribute', path: 'loyalty.memberId' } },
        ],
        keepUnreconciled: true,
      },
      fork1: { branches: ['vip', 'others', 'late'] },
      andJoin1: { primary: 'deduplication1' },
      test1: {
        branches: [
          {
            key: 'notEmpty',
            label: 'Big audience',
            conditions: [
              { kind: 'count', comparison: 'gte', value: 1000 },
              { kind: 'variable', name: 'wave', comparison: 'eq', value: 2 },
            ],
          },
          {
            key: 'branch2',
            label: 'Small audience',
            conditions: [{ kind: 'count', comparison: 'gt', value: 0 }],
          },
        ],
        defaultBranch: false,
      },
      alert1: {
        subject: 'Loyalty file loaded',
        message: 'The members file went through.',
        userIds: [opsId],
      },
      end1: { signal: { campaignId: followUpId, variables: { wave: 2 } } },
      scheduler1: {
        frequency: 'severalTimesDaily',
        times: ['08:30', '18:45'],
        zone: 'Europe/Paris',
        validUntil: `${validUntilDay}T20:00:00Z`,
      },
      combine1: { operation: 'union', columns: ['joined'], complement: false },
      directMail1: {
        fileName: 'mailing-may.csv',
        columns: [
          { header: 'Profile', source: 'profile_id' },
          { header: 'Last name', source: 'profile.person.name.lastName' },
          { header: 'points', source: 'points' },
        ],
      },
    });
    await c.page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await shot('12-saved-canvas');
  });
});
