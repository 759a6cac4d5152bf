// What the orchestrated-campaign browser tests share: dropping palette entries on the canvas,
// joining ports by dragging between handles, opening an activity's side panel, screenshots
// without notifications in the way, the engine's queued jobs run inline, and the definition as
// the API stores it.
import { expect } from 'vitest';
import { drainOrchestratedJobs } from '../src/orchestration/engine/testing.ts';
import { orchestrationHooks } from '../src/orchestration/hooks.ts';
import type { WorkflowDefinition } from '../src/orchestration/model.ts';
import type { BrowserConsole } from './console.ts';

export interface StoredCampaign {
  status: string;
  definition: WorkflowDefinition;
}

export function canvasHelpers(c: BrowserConsole) {
  const canvas = () => c.page.getByTestId('workflow-canvas');
  const node = (id: string) => c.page.getByTestId(`activity-${id}`);

  /** Drags a palette entry onto the canvas at (x, y) of the canvas box. */
  async function drop(label: string, x: number, y: number) {
    const box = await canvas().boundingBox();
    if (!box) throw new Error('no canvas');
    await c.page
      .getByRole('button', { name: `Add ${label}`, exact: true })
      .dragTo(canvas(), { targetPosition: { x, y } });
    expect(box.width).toBeGreaterThan(400);
  }

  /** Joins an output port to an activity's input by dragging between the two handles. */
  async function connect(from: string, port: string, to: string) {
    const source = c.page.locator(
      `.react-flow__handle[data-nodeid="${from}"][data-handleid="${port}"]`,
    );
    const target = c.page.locator(`.react-flow__handle.target[data-nodeid="${to}"]`);
    const a = await source.boundingBox();
    const b = await target.boundingBox();
    if (!a || !b) throw new Error(`handles not found: ${from}.${port} → ${to}`);
    await c.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await c.page.mouse.down();
    await c.page.mouse.move(b.x + b.width / 2 - 20, b.y + b.height / 2, { steps: 8 });
    await c.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
    await c.page.mouse.up();
  }

  const panel = () => c.page.getByRole('complementary', { name: 'Activity settings' });

  /** Opens an activity's side panel (closing the open one first, which may hide it) and names it. */
  async function openActivity(id: string, label: string) {
    const close = panel().getByRole('button', { name: 'Close the settings' });
    if (await close.isVisible()) await close.click();
    await node(id).click();
    await panel().getByRole('textbox', { name: 'Label' }).fill(label);
  }

  /** Replaces the text of a CodeMirror editor of the side panel as a person would: select all, type. */
  async function typeInEditor(name: string, text: string) {
    await panel().getByRole('textbox', { name, exact: true }).click();
    await c.page.keyboard.press('Control+A');
    await c.page.keyboard.insertText(text);
  }

  /** A screenshot with the notifications closed first, so they hide nothing. */
  async function shot(name: string, fullPage = false) {
    const closers = c.page.locator('.mantine-Notification-closeButton');
    await closers.evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await c.shot(name, fullPage);
  }

  /** The job queue's workers do not run in tests: tasks run inline here, with the service's hooks. */
  const drain = () =>
    drainOrchestratedJobs({
      pool: c.t.database.pool,
      jobs: c.t.jobs,
      clock: c.t.clock,
      hooks: orchestrationHooks,
    });

  /** The campaign as the API returns it. */
  async function stored(campaignId: string, headers: Record<string, string>) {
    const response = await c.t.app.inject({
      method: 'GET',
      url: `/orchestrated-campaigns/${campaignId}`,
      headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<StoredCampaign>();
  }

  return { canvas, node, drop, connect, panel, openActivity, typeInEditor, shot, drain, stored };
}
