// Issue 5: the "Get started with WebSocket Lab" walkthrough, done through the UI. Every step is
// ticked by what the user really did (a command ran, or a context key our extension pulsed when the
// timeline showed the result; "Read the handshake" by opening it with Show the handshake).
export const name = 'get-started-walkthrough';

import { checkedSteps, openWalkthrough, step } from '../walkthrough.mjs';

async function expectChecked(wb, expect, title) {
  const checked = checkedSteps(wb).filter({ hasText: title }).first();
  try {
    await checked.waitFor({ timeout: 20_000 });
  } catch {
    expect(false, `walkthrough step "${title}" is checked`);
  }
}

export async function run(wb, expect) {
  await openWalkthrough(wb);
  // The step's markdown media renders in its own webview.
  await wb.webviewFrame('text=A WebSocket server in one click');
  const unchecked = await wb.page.locator('.getting-started-step[aria-checked="true"]').count();
  expect(unchecked === 0, `no step is checked before the user did anything (found ${unchecked})`);
  await wb.shot('walkthrough-start');

  await step(wb, 'Start a mock server').click();
  await wb.page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .button-link', { hasText: 'Start the echo server' }).first().click();
  await wb.statusBarText('ws://127.0.0.1:');
  await expectChecked(wb, expect, 'Start a mock server');

  await step(wb, 'Connect to it').click();
  await wb.page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .button-link', { hasText: 'Connect' }).first().click();
  const frame = await wb.webviewFrame('[data-testid=composer-input]');
  await frame.locator('[data-testid=state]', { hasText: 'OPEN' }).waitFor({ timeout: 15_000 });
  await frame.locator('[data-testid=composer-input]').fill('hello');
  await frame.locator('[data-testid=composer-input]').press('Control+Enter');
  await frame.locator('[data-testid=event-row][data-kind=message][data-dir=in]', { hasText: 'hello' }).first().waitFor();
  await frame.locator('[data-testid=ping]').click();
  await frame.locator('[data-testid=event-row][data-kind=pong]').first().waitFor();
  await frame.locator('[data-testid=close-code]').fill('1000');
  await frame.locator('[data-testid=close]').click();
  await frame.locator('[data-testid=event-row][data-kind=close]').first().waitFor();
  await wb.shot('timeline-after-steps');

  // Read the handshake: done by opening it (connecting alone does not tick it).
  await openWalkthrough(wb);
  await step(wb, 'Read the handshake').click();
  await wb.page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .button-link', { hasText: 'Show the handshake' }).first().click();
  await wb.page.locator('.tabs-container .tab', { hasText: 'handshake.http' }).first().waitFor({ timeout: 15_000 });

  await openWalkthrough(wb);
  for (const title of ['Start a mock server', 'Connect to it', 'Send a message', 'Read the handshake', 'Send a ping', 'Close the connection']) {
    await expectChecked(wb, expect, title);
  }
  await wb.shot('walkthrough-all-checked');
}
