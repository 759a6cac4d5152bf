// Driving the orchestrated canvas and its side panel in the forms test: activities dropped from
// the palette (each then opened in the panel), ports joined by dragging between handles, Mantine
// selects, suggestions and tag inputs filled, screenshots without notifications in the way, and
// the configurations saved read back through the API.
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserConsole } from './console.ts';

/** `c` is read at each call: the console opens in the suite's beforeAll. */
export function panelDriver(c: () => BrowserConsole) {
  const panel = () => c().page.getByRole('complementary', { name: 'Activity settings' });
  const canvas = () => c().page.getByTestId('workflow-canvas');
  const node = (id: string) => c().page.getByTestId(`activity-${id}`);
  /** The output ports of an activity on the canvas, in order. */
  const outputs = (id: string) =>
    c()
      .page.locator(`.react-flow__handle.source[data-nodeid="${id}"]`)
      .evaluateAll((handles) => handles.map((h) => h.getAttribute('data-handleid')));
  const shot = async (name: string) => {
    const closers = c().page.locator('.mantine-Notification-closeButton');
    await closers.evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await c().shot(name);
  };

  /** Drags a palette entry onto the canvas at (x, y) of the canvas box. */
  async function drop(label: string, x: number, y: number) {
    const box = await canvas().boundingBox();
    if (!box) throw new Error('no canvas');
    await c()
      .page.getByRole('button', { name: `Add ${label}`, exact: true })
      .dragTo(canvas(), { targetPosition: { x, y } });
    expect(box.width).toBeGreaterThan(400);
  }

  /** Joins an output port to an activity's input by dragging between the two handles. */
  async function connect(from: string, port: string, to: string) {
    const source = c().page.locator(
      `.react-flow__handle[data-nodeid="${from}"][data-handleid="${port}"]`,
    );
    const target = c().page.locator(`.react-flow__handle.target[data-nodeid="${to}"]`);
    const a = await source.boundingBox();
    const b = await target.boundingBox();
    if (!a || !b) throw new Error('handles not found');
    await c().page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await c().page.mouse.down();
    await c().page.mouse.move(b.x + b.width / 2 - 20, b.y + b.height / 2, { steps: 8 });
    await c().page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
    await c().page.mouse.up();
  }

  async function closePanel() {
    const close = panel().getByRole('button', { name: 'Close the settings' });
    if (await close.isVisible()) await close.click();
  }

  /** Opens the panel of an activity on the canvas and returns it. */
  async function open(id: string) {
    await node(id).click();
    await panel().getByText(id, { exact: true }).waitFor();
    return panel();
  }

  /** Drops `label` at (x, y), opens its panel and returns it. */
  async function add(label: string, id: string, x: number, y: number) {
    await closePanel();
    await drop(label, x, y);
    return open(id);
  }

  /** With the panel closed, joins `port` of `from` to `to`, sees the transition drawn, reopens `to`. */
  async function join(from: string, port: string, to: string) {
    await closePanel();
    const edges = c().page.locator('.react-flow__edge');
    const before = await edges.count();
    await connect(from, port, to);
    await expect.poll(() => edges.count()).toBe(before + 1);
    return open(to);
  }

  /** Clicks the input labelled `label`; what its suggestions list, then `pick` or Escape. */
  async function suggestions(scope: Locator, label: string, pick?: string) {
    await scope.getByLabel(label, { exact: true }).click();
    const options = c().page.getByRole('option');
    await options.first().waitFor();
    const names = await options.allTextContents();
    if (pick) await c().page.getByRole('option', { name: pick, exact: true }).click();
    else await c().page.keyboard.press('Escape');
    return names;
  }

  /** Picks `option` in the select or multi-select labelled `label`. */
  async function choose(scope: Locator, label: string, option: string | RegExp) {
    await scope.getByLabel(label, { exact: true }).click();
    await c()
      .page.getByRole('option', { name: option, exact: typeof option === 'string' })
      .click();
  }

  async function tag(scope: Locator, label: string, values: string[]) {
    const input = scope.getByLabel(label, { exact: true });
    for (const value of values) {
      await input.fill(value);
      await input.press('Enter');
    }
    await input.press('Escape');
  }

  /** Picks the 15th of next month at `hours` (HHMM, UTC) in the calendar `button` opens; its day. */
  async function nextMonth15th(scope: Locator, button: string, hours: string, set: string) {
    await scope.getByRole('button', { name: button }).click();
    const calendar = c().page.getByRole('dialog');
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const monthName = month.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    await calendar.getByRole('button', { name: 'Next month' }).click();
    await calendar
      .getByRole('button', { name: `15 ${monthName} ${month.getUTCFullYear()}` })
      .click();
    await calendar.getByLabel('Hours').click();
    await c().page.keyboard.type(hours);
    await calendar.getByRole('button', { name: set }).click();
    return `${month.toISOString().slice(0, 8)}15`;
  }

  async function createCampaign(name: string, headers: Record<string, string>) {
    const url = '/orchestrated-campaigns';
    const created = await c().t.app.inject({ method: 'POST', url, headers, payload: { name } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>().id;
  }

  /** The id of the one user found by `q`. */
  async function userId(q: string, headers: Record<string, string>) {
    const url = `/users?q=${encodeURIComponent(q)}`;
    const users = await c().t.app.inject({ method: 'GET', url, headers });
    const [user] = users.json<{ items: { id: string }[] }>().items;
    if (!user) throw new Error(`no user ${q}`);
    return user.id;
  }

  /** Saves the canvas and reads each activity's configuration back, by activity id. */
  async function savedConfigs(campaignId: string, headers: Record<string, string>) {
    await c().button('Save').click();
    await c().page.getByTestId('save-state').getByText('All changes saved').waitFor();
    const url = `/orchestrated-campaigns/${campaignId}`;
    const response = await c().t.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, response.body).toBe(200);
    const { definition } = response.json<{
      definition: { activities: { id: string; config: Record<string, unknown> }[] };
    }>();
    return Object.fromEntries(definition.activities.map((a) => [a.id, a.config]));
  }

  return {
    panel,
    canvas,
    node,
    outputs,
    shot,
    drop,
    connect,
    add,
    open,
    join,
    choose,
    suggestions,
    tag,
    nextMonth15th,
    createCampaign,
    userId,
    savedConfigs,
  };
}
