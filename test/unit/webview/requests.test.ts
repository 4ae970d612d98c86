// Requests from the timeline webview when the host does not answer (busy or gone): the control
// that asked says so after the timeout instead of waiting forever, a reply that comes later
// changes nothing, and requests that wait on a VS Code file dialog are not cut short.
// Time is Playwright's fake clock, so the 15 s pass at once. The host is a MOCK (harness.ts).

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebviewToHost } from '../../../src/shared/protocol/timeline';
import { initMessage } from './fixtures';
import { deliver, pageErrors, posted, useHarness, type PageGlobals } from './harness';

const harness = useHarness();

/** Like openPage, with the clock faked from the start so the page's timers can be jumped over. */
async function openWithClock(): Promise<Page> {
  const page = await harness().browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.clock.install();
  await page.goto(harness().url);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__posted.length > 0);
  (page as Page & { errors?: string[] }).errors = errors;
  await deliver(page, initMessage());
  return page;
}

async function requestOf(page: Page, type: WebviewToHost['type']): Promise<number> {
  const found = (await posted(page)).filter((m) => m.type === type);
  expect(found).toHaveLength(1);
  return (found[0] as { requestId: number }).requestId;
}

describe('timeline webview requests', () => {
  it('a send the extension never answers fails under the composer after 15 s; a late reply is ignored', async () => {
    const p = await openWithClock();
    await p.getByTestId('composer-input').fill('hello');
    await p.getByTestId('send').click();
    const requestId = await requestOf(p, 'send');
    const error = p.getByTestId('composer-error');

    await p.clock.fastForward(14_000);
    expect(await error.isVisible()).toBe(false);
    await p.clock.fastForward(1_000);
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.innerText()).toContain('The extension did not answer within 15 s.');
    expect(await p.getByTestId('composer-input').inputValue()).toBe('hello');

    await deliver(p, { type: 'reply', requestId, ok: false, error: 'Not connected: the message was queued' });
    expect(await error.innerText()).toContain('The extension did not answer within 15 s.');
    expect(await error.innerText()).not.toContain('Not connected');
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  });

  it('a ping the extension never answers fails next to the ping and close fields', async () => {
    const p = await openWithClock();
    await p.getByTestId('ping').click();
    await requestOf(p, 'ping');
    await p.clock.fastForward(15_000);
    await expect.poll(() => p.getByTestId('close-error').innerText()).toContain('The extension did not answer within 15 s.');
    await p.close();
  });

  it('an export waits as long as the save dialog is open, then shows where the file went', async () => {
    const p = await openWithClock();
    await p.getByTestId('export-har').click();
    const requestId = await requestOf(p, 'export');
    await p.clock.fastForward(10 * 60_000);
    const notice = p.locator('.toolbar-notice');
    expect(await notice.innerText()).toBe('');
    await deliver(p, { type: 'reply', requestId, ok: true, message: 'Exported 11 events to /work/chat.har' });
    expect(await notice.innerText()).toBe('Exported 11 events to /work/chat.har');
    await p.close();
  });
});
