// Drives the VS Code workbench (code-server) in Chromium the way a user does: command palette,
// quick picks, tree items, webviews (nested iframes).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/codeServer.mjs';

export const SHOTS = join(repoRoot, 'test-results', 'e2e');

export class Workbench {
  constructor(page, journey) {
    this.page = page;
    this.journey = journey;
    this.step = 0;
    mkdirSync(SHOTS, { recursive: true });
  }

  async ready() {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The status bar fills in once the extension host is up.
    await this.page.waitForSelector('.statusbar', { timeout: 60_000 });
    // Our activity bar icon appears once the extension's contributions are registered.
    await this.page.waitForSelector('.activitybar .action-item a[aria-label^="WebSocket Lab"]', { timeout: 60_000 });
  }

  /** Saves a screenshot named after the journey and step, for people to look at. */
  async shot(name) {
    this.step++;
    const file = join(SHOTS, `${this.journey}-${String(this.step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async runCommand(title) {
    const input = '.quick-input-widget input';
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    // The palette lists the commands known when it opens; right after start-up the extension's
    // may not be there yet, so reopen it a few times.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await this.page.waitForSelector(input, { state: 'visible', timeout: 5000 });
      await this.page.fill(input, `>${title}`);
      try {
        await row.waitFor({ timeout: 5000 });
        break;
      } catch (err) {
        await this.page.keyboard.press('Escape');
        if (attempt === 4) throw err;
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** Picks an item in an open quick pick by typing its label. */
  async pick(label) {
    const input = '.quick-input-widget input';
    await this.page.waitForSelector(input, { state: 'visible' });
    await this.page.fill(input, label);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Types into an open input box (replacing its value) and accepts it. */
  async answer(text) {
    const input = '.quick-input-widget input';
    await this.page.waitForSelector(input, { state: 'visible' });
    await this.page.fill(input, text);
    await this.page.keyboard.press('Enter');
  }

  async statusBarText(contains, timeout = 20_000) {
    const item = this.page.locator('.statusbar-item', { hasText: contains }).first();
    await item.waitFor({ timeout });
    return item.innerText();
  }

  /** Finds the webview frame that contains `selector` (webviews are nested iframes). */
  async webviewFrame(selector, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        try {
          if (await frame.$(selector)) return frame;
        } catch {
          // frame navigated or detached; keep looking
        }
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview frame contains ${selector}`);
  }

  async openSidebar() {
    const icon = this.page.locator('.activitybar .action-item a[aria-label^="WebSocket Lab"]').first();
    await icon.click();
    await this.page.locator('.pane-header', { hasText: 'Connections' }).first().waitFor();
  }

  treeItem(viewTitle, label) {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) })
      .locator('.monaco-list-row', { hasText: label }).first();
  }
}
