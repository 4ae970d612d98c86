// Issue 13: the webviews read well in every theme. In Light+ the selected timeline row was
// unreadable (time, relative time and size at about 1.25:1, the direction arrow invisible) and the
// "exercise passed" banner was white on light green (2.0:1) in every theme. This journey (and
// 14b/14c, the same steps in Dark Modern and High Contrast) opens a lesson, passes its exercise
// with a ping and a close, selects a timeline row, and runs axe-core (WCAG 2 A/AA rules, which
// include text contrast of at least 4.5:1) in the timeline and lesson webviews: any serious or
// critical violation fails the journey. Screenshots of the selected row go to test-results/e2e/.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SHOTS } from '../workbench.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;

export const name = 'accessibility-light-plus';
export const settings = { 'workbench.colorTheme': 'Default Light+' };
export const run = accessibilityJourney('light-plus');

/** The journey for one theme (the theme itself comes from the journey file's `settings`). */
export function accessibilityJourney(theme) {
  return async (wb, expect) => {
    await wb.openSidebar();
    const lessonsHeader = wb.page.locator('.pane-header', { hasText: 'Lessons' }).first();
    if ((await lessonsHeader.getAttribute('aria-expanded')) === 'false') await lessonsHeader.click();
    const module5 = wb.treeItem('Lessons', '5. WebSocket Events');
    await module5.waitFor({ timeout: 20_000 });
    await module5.click();
    const lesson = await wb.webviewFrame('article.lesson h1');
    await lesson.locator('h1', { hasText: 'Module 5: WebSocket Events' }).waitFor();

    // The exercise: start it (a connection opens beside the lesson), ping, close with 4000 "bye".
    const start = lesson.locator('a[data-command="websocketLab.startExercise"]').first();
    await start.scrollIntoViewIfNeeded();
    await start.click();
    const tl = await wb.webviewFrame('[data-testid=composer-input]');
    await tl.locator('[data-testid=state]', { hasText: 'OPEN' }).waitFor({ timeout: 20_000 });
    await tl.locator('[data-testid=ping-payload]').fill('hi');
    await tl.locator('[data-testid=ping]').click();
    const pingRow = tl.locator('[data-testid=event-row][data-kind=ping][data-dir=out]').last();
    await pingRow.waitFor();
    // A ping's payload reads as text as well as hex when it is text.
    const pingText = await pingRow.innerText();
    wb.check(/PING 68 69 “hi”/.test(pingText), `the ping row shows its payload as hex and as text (row: "${pingText}")`);
    await tl.locator('[data-testid=close-code]').fill('4000');
    await tl.locator('[data-testid=close-reason]').fill('bye');
    await tl.locator('[data-testid=close]').click();
    await tl.locator('[data-testid=event-row][data-kind=close]', { hasText: '4000' }).first().waitFor();
    const banner = lesson.locator('[data-testid=exercise-banner]');
    await banner.filter({ hasText: '✓ Exercise 05' }).waitFor({ timeout: 15_000 });

    // Invalid JSON: Send is disabled, and the footer says why.
    await tl.locator('[data-testid=format]').selectOption('json');
    await tl.locator('[data-testid=composer-input]').fill('{"a": }');
    const send = tl.locator('[data-testid=send]');
    await wb.eventuallyCheck(async () => (await send.getAttribute('disabled')) !== null, 'Send is disabled while the JSON is invalid', 5000);
    const why = tl.locator('[data-testid=send-blocked]');
    await wb.eventuallyCheck(async () => /Invalid JSON: line 1, column 7/.test(await why.innerText()), 'the composer says why Send is disabled ("Invalid JSON: line 1, column 7 …")', 5000);
    // The "exercise passed" notification toast would cover the composer's footer in the shots.
    await wb.runCommand('Notifications: Clear All Notifications');
    await tl.locator('.composer-footer').screenshot({ path: join(SHOTS, `accessibility-${theme}-send-disabled.png`) });

    // The selected row, focused (the list's active selection colours) and then with the focus in
    // the composer (the inactive selection colours).
    await pingRow.click();
    await tl.locator('[data-testid=event-row].selected[data-kind=ping]').waitFor();
    await wb.page.mouse.move(1, 1); // no hover colour over the row
    await rowShot(wb, tl, theme, 'selected-row-focused');
    await wb.shot('timeline-row-selected');
    await checkAxe(wb, tl, `timeline (${theme}, selected row focused)`);
    await tl.locator('[data-testid=composer-input]').focus();
    await rowShot(wb, tl, theme, 'selected-row-unfocused');
    await checkAxe(wb, tl, `timeline (${theme}, selected row, focus in the composer)`);

    await banner.scrollIntoViewIfNeeded();
    await wb.shot('lesson-exercise-passed');
    await banner.screenshot({ path: join(SHOTS, `accessibility-${theme}-exercise-banner.png`) });
    await checkAxe(wb, lesson, `lesson (${theme}, exercise passed)`);
    expect(true, 'done');
  };
}

async function rowShot(wb, tl, theme, what) {
  const row = tl.locator('[data-testid=event-row].selected').first();
  await wb.page.waitForTimeout(150); // the selection colours have no transition, but let a frame pass
  await row.screenshot({ path: join(SHOTS, `accessibility-${theme}-${what}.png`) });
}

/**
 * Runs axe-core in a webview's frame with the WCAG 2.0/2.1 A and AA rules; serious and critical
 * violations fail the journey (as checks, so every webview and theme still gets looked at).
 */
async function checkAxe(wb, frame, what) {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  const violations = await frame.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    const found = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 30).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 220)}`),
      count: v.nodes.length,
    }));
    // axe leaves text in the very colour of its background to a person to review (it may be
    // hidden on purpose); here it never is: High Contrast's black code text on black was this.
    const invisible = result.incomplete.filter((v) => v.id === 'color-contrast')
      .flatMap((v) => v.nodes.filter((n) => n.any.some((c) => c.data?.messageKey === 'equalRatio')));
    if (invisible.length) {
      found.push({ id: 'color-contrast (text in its background colour)', impact: 'serious', nodes: invisible.slice(0, 30).map((n) => n.target.join(' ')), count: invisible.length });
    }
    return found;
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) {
    console.log(`    axe ${what}: ${v.impact} ${v.id} ×${v.count}\n      ${v.nodes.join('\n      ')}`);
  }
  wb.check(bad.length === 0, `no serious or critical accessibility violations in the ${what}: ${bad.map((v) => `${v.id} ×${v.count}`).join(', ')}`);
}
