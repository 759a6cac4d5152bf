// Driving the orchestrated canvas and its side panel in the forms test: activities dropped from
// the palette (each then opened in the panel), ports joined by dragging between handles, Mantine
// selects and tag inputs filled, screenshots without notifications in the way.
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

  /** Drops `label` at (x, y), opens its panel and returns it. */
  async function add(label: string, id: string, x: number, y: number) {
    const close = panel().getByRole('button', { name: 'Close the settings' });
    if (await close.isVisible()) await close.click();
    await drop(label, x, y);
    await node(id).click();
    await panel().getByText(id, { exact: true }).waitFor();
    return panel();
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

  return { panel, canvas, node, outputs, shot, drop, connect, add, choose, tag };
}
