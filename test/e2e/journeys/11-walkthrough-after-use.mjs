// Issue 13: someone who used the extension before opening the "Get started" walkthrough in that
// window (started a server, connected, sent, pinged, closed) then does every step through the
// walkthrough: each step ticks when they do it. Before, their earlier use had left the steps'
// context keys true, VS Code's walkthrough service (created when a walkthrough is first shown)
// took them as already seen, and steps 2-6 never ticked until a reload.
// Also: a lesson's code block has a Copy button that puts the code on the clipboard.
export const name = 'walkthrough-after-use';

import { openWalkthrough, step, checkedSteps } from '../walkthrough.mjs';

const GS_CONNECTION = 'Getting started (echo)';

async function clickStepButton(wb, title, button) {
  await step(wb, title).click();
  await wb.page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .button-link', { hasText: button }).first().click();
}

/** Reopens the walkthrough and expects exactly the steps done so far to be ticked. */
async function expectTicked(wb, expect, done) {
  await openWalkthrough(wb);
  const title = done.at(-1);
  const ok = await wb.eventuallyCheck(
    async () => (await checkedSteps(wb).filter({ hasText: title }).count()) > 0,
    `walkthrough step "${title}" ticks when the user does it`,
  );
  if (ok) {
    const count = await checkedSteps(wb).count();
    expect(count === done.length, `${done.length} steps ticked after "${title}" (found ${count})`);
  }
}

/** Brings the Getting started connection's timeline to the front and returns it. */
async function gsTimeline(wb) {
  await wb.page.locator('.tabs-container .tab', { hasText: GS_CONNECTION }).first().click();
  return wb.timeline(GS_CONNECTION);
}

export async function run(wb, expect) {
  // 1. Use the extension first, without the walkthrough: everything the walkthrough will ask for.
  const url = await wb.startMockServer('echo');
  const { tl } = await wb.newConnection(url);
  await tl.state('OPEN');
  await tl.send('hello');
  await tl.row({ kind: 'message', dir: 'in', text: 'hello' });
  await tl.locator('[data-testid=ping]').click();
  await tl.row({ kind: 'pong' });
  await tl.locator('[data-testid=close-code]').fill('1000');
  await tl.locator('[data-testid=close]').click();
  await tl.state('CLOSED');
  await wb.shot('used-before-walkthrough');

  // 2. Now the walkthrough: nothing is ticked yet (none of that was done through it).
  await openWalkthrough(wb);
  await wb.webviewFrame('text=A WebSocket server in one click');
  const before = await checkedSteps(wb).count();
  expect(before === 0, `no step is ticked when the walkthrough first opens (found ${before})`);
  await wb.shot('walkthrough-opened-after-use');

  const done = [];
  await clickStepButton(wb, 'Start a mock server', 'Start the echo server');
  done.push('Start a mock server');
  await expectTicked(wb, expect, done);

  await clickStepButton(wb, 'Connect to it', 'Connect');
  let gs = await wb.timeline(GS_CONNECTION);
  await gs.state('OPEN');
  done.push('Connect to it');
  await expectTicked(wb, expect, done);

  gs = await gsTimeline(wb);
  await gs.send('hello again');
  await gs.row({ kind: 'message', dir: 'in', text: 'hello again' });
  done.push('Send a message');
  await expectTicked(wb, expect, done);

  // Read the handshake: ticks only when the handshake is really opened.
  await clickStepButton(wb, 'Read the handshake', 'Show the handshake');
  // The most recent handshake is shown: the Getting started connection's, named in the title.
  await wb.page.locator('.tabs-container .tab', { hasText: 'Getting-started-echo handshake.http' }).first().waitFor({ timeout: 15_000 });
  const editor = wb.page.locator('.monaco-editor .view-lines', { hasText: 'HTTP/1.1 101 Switching Protocols' }).first();
  await editor.waitFor({ timeout: 15_000 });
  const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
  expect(/GET \/ HTTP\/1\.1/.test(text) && /Sec-WebSocket-Accept/.test(text), `the handshake view shows the request and the accept header (got "${text.slice(0, 200)}")`);
  await wb.shot('handshake-view');
  done.push('Read the handshake');
  await expectTicked(wb, expect, done);

  gs = await gsTimeline(wb);
  await gs.locator('[data-testid=ping]').click();
  await wb.eventually(async () => (await gs.rows({ kind: 'pong' }).count()) > 0, 'a pong arrives');
  done.push('Send a ping');
  await expectTicked(wb, expect, done);

  gs = await gsTimeline(wb);
  await gs.locator('[data-testid=close-code]').fill('1000');
  await gs.locator('[data-testid=close]').click();
  await gs.state('CLOSED');
  done.push('Close the connection');
  await expectTicked(wb, expect, done);
  await wb.shot('walkthrough-all-ticked');

  // 3. A lesson's code block: Copy puts the code on the clipboard.
  await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
  await wb.openSidebar();
  const lessonsHeader = wb.page.locator('.pane-header', { hasText: 'Lessons' }).first();
  if ((await lessonsHeader.getAttribute('aria-expanded')) === 'false') await lessonsHeader.click();
  const module1 = wb.treeItem('Lessons', '1. WebSocket Fundamentals');
  await module1.waitFor({ timeout: 20_000 });
  await module1.click();
  const lesson = await wb.webviewFrame('article.lesson h1');
  const block = lesson.locator('.code-block', { has: lesson.locator('pre[data-runnable]') }).first();
  await block.scrollIntoViewIfNeeded();
  const code = await block.locator('code').innerText();
  const copy = block.locator('[data-testid=code-copy]');
  await copy.click();
  await copy.filter({ hasText: 'Copied' }).waitFor({ timeout: 5000 });
  await wb.shot('lesson-code-copied');
  const clipboard = await wb.eventually(async () => {
    const t = await wb.page.evaluate(() => globalThis.navigator.clipboard.readText());
    return t.length > 0 && t;
  }, 'the clipboard holds the copied code');
  expect(clipboard.trim() === code.trim(), `the clipboard holds the block's code (got "${clipboard.slice(0, 80)}")`);
}
