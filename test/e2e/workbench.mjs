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
    /** Failed `check`s: the journey goes on (to show what else works) but fails at the end. */
    this.problems = [];
    mkdirSync(SHOTS, { recursive: true });
  }

  /**
   * An assertion that lets the journey continue, for a product bug that should not hide the
   * behaviours after it; run.mjs fails the journey when any check failed.
   */
  check(cond, what) {
    if (!cond) {
      this.problems.push(what);
      console.log(`    ✗ expected: ${what}`);
    }
    return !!cond;
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
    // The palette lists the commands known when it opens; right after start-up the extension's
    // may not be there yet, so reopen it a few times.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await this.page.waitForSelector(input, { state: 'visible', timeout: 5000 });
      await this.page.fill(input, `>${title}`);
      try {
        const row = await this.quickPickRow(this.page.locator('.quick-input-widget'), title, 5000);
        // Click the row with this very title: Enter would run whichever row is first, and a
        // longer title ("Start Mock Server with TLS…") may come first.
        await this.clickRow(row);
        return;
      } catch (err) {
        await this.page.keyboard.press('Escape');
        if (attempt === 4) throw err;
      }
    }
  }

  /**
   * The quick pick row whose label is `label` (an ellipsis after it allowed), or else the first
   * row containing it.
   */
  async quickPickRow(widget, label, timeout = 15_000) {
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}…?\\s*$`);
    const exactRow = rows.filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
    const anyRow = rows.filter({ hasText: label }).first();
    await anyRow.waitFor({ timeout });
    return (await exactRow.count()) > 0 ? exactRow : anyRow;
  }

  /** Picks an item in an open quick pick by typing its label. */
  async pick(label) {
    const input = '.quick-input-widget input';
    await this.page.waitForSelector(input, { state: 'visible' });
    await this.page.fill(input, label);
    const row = await this.quickPickRow(this.page.locator('.quick-input-widget'), label);
    await this.clickRow(row);
  }

  /**
   * Clicks a quick pick row. The mouse still rests where the last click left it, often over the
   * palette's rows, and after a moment VS Code shows a hover there that covers the row (seen in
   * CI: "hover-contents ... intercepts pointer events"). Park the mouse in a corner first, so the
   * hover goes away and the click lands before a new one can open.
   */
  async clickRow(row) {
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(1, 1);
      try {
        await row.click({ timeout: 5000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
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
    const header = this.page.locator('.pane-header', { hasText: 'Connections' }).first();
    // Clicking the icon of the container that is already shown would hide it.
    const icon = this.page.locator('.activitybar .action-item a[aria-label^="WebSocket Lab"]').first();
    // The icon toggles. Right after a reload the workbench may still be restoring the side bar,
    // so a click can land just as it opens and close it again (seen in CI): look, click, and
    // look again, a few times.
    for (let attempt = 1; ; attempt++) {
      if (await header.isVisible()) return;
      await icon.click();
      try {
        await header.waitFor({ timeout: 5000 });
        return;
      } catch (err) {
        if (attempt === 4) throw err;
      }
    }
  }

  treeItem(viewTitle, label) {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) })
      .locator('.monaco-list-row', { hasText: label }).first();
  }

  // ------------------------------------------------------------------ quick inputs

  /** The open quick input (pick or input box) whose title contains `title`. */
  async quickInput(title, timeout = 20_000) {
    const widget = this.page.locator('.quick-input-widget', { has: this.page.locator('.quick-input-title', { hasText: title }) });
    await widget.waitFor({ state: 'visible', timeout });
    return widget;
  }

  /**
   * Picks `label` in the quick pick titled `title`. Waiting for the title first matters in
   * multi-step forms: the widget is reused, and typing before the next step shows would land in
   * the previous one.
   */
  async pickIn(title, label, timeout = 20_000) {
    const widget = await this.quickInput(title, timeout);
    await widget.locator('input').first().fill(label);
    const row = await this.quickPickRow(widget, label, timeout);
    await row.click();
  }

  /** Types into the input box titled `title` (replacing its value) and accepts it. */
  async answerIn(title, text, timeout = 20_000) {
    const widget = await this.quickInput(title, timeout);
    await widget.locator('input').first().fill(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Types a path into VS Code's simple file dialog (`files.simpleDialog.enable`), titled `title`,
   * and accepts it. The dialog fills in its starting folder after it opens, so wait for that first
   * or the typed path gets replaced.
   */
  async dialogPath(title, path, timeout = 20_000) {
    const widget = await this.quickInput(title, timeout);
    const input = widget.locator('input').first();
    // The dialog fills in its folder (and, to save, a file name) in steps after it opens: wait
    // until the value has settled, or it would overwrite what we type.
    let last = '';
    await this.eventually(async () => {
      const value = await input.inputValue();
      const settled = value.startsWith('/') && value === last;
      last = value;
      return settled;
    }, `the "${title}" dialog shows its starting path`, timeout);
    for (let attempt = 1; ; attempt++) {
      // Typed key by key like a user: the dialog completes folder names as they are typed.
      await input.fill('');
      await input.pressSequentially(path, { delay: 10 });
      try {
        await this.eventually(async () => (await input.inputValue()) === path, `the "${title}" dialog holds the typed path`, 3000);
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await this.shot(`dialog-${title.replace(/\W+/g, '-').toLowerCase()}`);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout });
  }

  /** The validation message under the open input box, once it says something. */
  async quickInputMessage(contains, timeout = 10_000) {
    const message = this.page.locator('.quick-input-widget .quick-input-message', { hasText: contains }).first();
    await message.waitFor({ state: 'visible', timeout });
    return message.innerText();
  }

  // ------------------------------------------------------------------ workbench parts

  /** Right-clicks `target` and runs the context menu item `label`. */
  async contextMenu(target, label) {
    await target.click({ button: 'right' });
    const menu = this.page.locator('.monaco-menu').first();
    const item = menu.locator('.action-item', { has: this.page.locator('.action-label', { hasText: label }) }).first();
    await item.waitFor({ state: 'visible' });
    // Hovering focuses the item; Enter runs it. (A click right after the menu opens is sometimes
    // swallowed: the menu ignores mouse-ups that may belong to the right-click that opened it.)
    await item.hover();
    await this.page.locator('.monaco-menu .action-item.focused', { hasText: label }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }

  /** Clicks one of a tree row's inline actions (they show on hover). */
  async inlineAction(row, label) {
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label^="${label}"]`).first();
    await action.waitFor({ state: 'visible' });
    await action.click();
  }

  /**
   * The timeline webview whose header title is `title` (a connection's name, or
   * "Mock server: <scenario>"). Several timelines can be open side by side.
   */
  /** Starts a mock scenario from the palette; returns its URL as the status bar shows it. */
  async startMockServer(scenario) {
    await this.runCommand('WebSocket Lab: Start Mock Server');
    await this.pickIn('Start Mock Server', scenario);
    const status = await this.statusBarText('ws://127.0.0.1:');
    const url = status.match(/ws:\/\/127\.0\.0\.1:\d+/)?.[0];
    if (!url) throw new Error(`expected: the status bar shows the server URL (got "${status}")`);
    return url;
  }

  /** New Connection… to `url` from the palette; returns its name (host:port) and timeline. */
  async newConnection(url) {
    await this.runCommand('WebSocket Lab: New Connection');
    await this.answerIn('New Connection', url);
    const connectionName = url.replace(/^wss?:\/\//, '');
    return { connectionName, tl: await this.timeline(connectionName) };
  }

  async timeline(title, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        try {
          const el = await frame.$('.header-title');
          if (el && (await el.textContent())?.trim() === title) return new Timeline(frame);
        } catch {
          // frame navigated or detached; keep looking
        }
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no timeline titled "${title}" is open`);
  }

  /** Like `eventually`, but a soft `check`: returns false instead of throwing. */
  async eventuallyCheck(fn, what, timeout = 20_000) {
    try {
      await this.eventually(fn, what, timeout);
      return true;
    } catch (err) {
      return this.check(false, err.message.replace(/^expected: /, ''));
    }
  }

  /** Polls `fn` until it returns a truthy value; fails with `what` (and the last value) at the deadline. */
  async eventually(fn, what, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (err) {
        last = err?.message ?? err;
      }
      if (Date.now() > deadline) throw new Error(`expected: ${what} (last: ${JSON.stringify(last)})`);
      await this.page.waitForTimeout(200);
    }
  }
}

/** One timeline + composer webview: rows, the detail pane and the composer, as a user sees them. */
export class Timeline {
  constructor(frame) {
    this.frame = frame;
  }

  locator(selector, options) {
    return this.frame.locator(selector, options);
  }

  /** Rows of the event list; `kind`, `dir` and `text` narrow them down. */
  rows({ kind, dir, text } = {}) {
    let selector = '[data-testid=event-row]';
    if (kind) selector += `[data-kind="${kind}"]`;
    if (dir) selector += `[data-dir="${dir}"]`;
    return this.frame.locator(selector, text === undefined ? undefined : { hasText: text });
  }

  /** Waits for a row and returns its text. */
  async row(filter, timeout = 20_000) {
    const row = this.rows(filter).last();
    await row.waitFor({ timeout });
    return row.innerText();
  }

  async rowTexts(filter) {
    return this.rows(filter).allInnerTexts();
  }

  async state(expected, timeout = 20_000) {
    await this.frame.locator('[data-testid=state]', { hasText: expected }).waitFor({ timeout });
  }

  /** Clicks a row so the detail pane shows it; returns the detail pane's text. */
  async open(filter, index = -1) {
    const rows = this.rows(filter);
    const row = index < 0 ? rows.last() : rows.nth(index);
    await row.waitFor();
    const seq = await row.getAttribute('data-seq');
    // Click that event, not "the last matching row" again: a live timeline (reconnect attempts
    // adding refused errors) can have a newer match by now, and rows are recycled elements.
    await this.frame.locator(`[data-testid=event-row][data-seq="${seq}"]`).click();
    const detail = this.frame.locator('[data-testid=event-detail]');
    await detail.waitFor({ state: 'visible' });
    // The pane names the event it shows ("#12 · 10:00:00.000"): wait until it is this one.
    await detail.locator('.detail-title', { hasText: `#${seq} ` }).waitFor();
    return detail.innerText();
  }

  detail() {
    return this.frame.locator('[data-testid=event-detail]');
  }

  async setFormat(format) {
    await this.frame.locator('[data-testid=format]').selectOption(format);
  }

  /** Types a body in the composer (in the current or given format) and clicks Send. */
  async send(body, format) {
    if (format) await this.setFormat(format);
    await this.frame.locator('[data-testid=composer-input]').fill(body);
    await this.frame.locator('[data-testid=send]').click();
  }

  /**
   * Rows matching a search typed in the toolbar's search box (the list is virtualized: rows
   * scrolled out of view are not in the page, so a user searches to find old ones).
   */
  async search(text, timeout = 10_000) {
    await this.frame.locator('[data-testid=search]').fill(text);
    // The list is redrawn on the next animation frame: wait until every row shown matches.
    const needle = text.toLowerCase();
    const deadline = Date.now() + timeout;
    for (;;) {
      const rows = await this.rows().allInnerTexts();
      const empty = await this.frame.locator('.timeline-empty').isVisible();
      if ((rows.length > 0 && rows.every((r) => r.toLowerCase().includes(needle))) || (rows.length === 0 && empty)) return rows;
      if (Date.now() > deadline) throw new Error(`searching "${text}" left rows that do not match: ${JSON.stringify(rows)}`);
      await this.frame.page().waitForTimeout(100);
    }
  }

  async clearSearch() {
    await this.frame.locator('[data-testid=search]').fill('');
  }

  async headerStats() {
    return this.frame.locator('[data-testid=stats]').innerText();
  }
}
