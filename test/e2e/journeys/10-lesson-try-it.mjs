// Issue 5: a lesson from the Lessons view, its "Try it" link run from the lesson, the check
// passing on what the user did, and the progress shown in the Lessons view.
export const name = 'lesson-try-it';

export async function run(wb, expect) {
  await wb.openSidebar();
  const lessonsHeader = wb.page.locator('.pane-header', { hasText: 'Lessons' }).first();
  if ((await lessonsHeader.getAttribute('aria-expanded')) === 'false') await lessonsHeader.click();
  const module5 = wb.treeItem('Lessons', '5. WebSocket Events');
  await module5.waitFor({ timeout: 20_000 });
  const before = await module5.innerText();
  expect(/0\/9/.test(before), `module 5 starts at 0/9 (got "${before}")`);
  await module5.click();

  const lesson = await wb.webviewFrame('article.lesson h1');
  await lesson.locator('h1', { hasText: 'Module 5: WebSocket Events' }).waitFor();
  await lesson.locator('h2', { hasText: 'CloseEvent codes and reasons' }).waitFor();
  await wb.shot('lesson-open');

  // ▶ Start the exercise: starts the echo scenario and opens a connection beside the lesson.
  const start = lesson.locator('a[data-command="websocketLab.startExercise"]').first();
  await start.scrollIntoViewIfNeeded();
  await start.click();
  const timeline = await wb.webviewFrame('[data-testid=composer-input]');
  await timeline.locator('[data-testid=state]', { hasText: 'OPEN' }).waitFor({ timeout: 20_000 });
  await wb.statusBarText('ws://127.0.0.1:');

  // The exercise: close with 4000 "bye".
  await timeline.locator('[data-testid=close-code]').fill('4000');
  await timeline.locator('[data-testid=close-reason]').fill('bye');
  await timeline.locator('[data-testid=close]').click();
  await timeline.locator('[data-testid=event-row][data-kind=close]', { hasText: '4000' }).first().waitFor();

  // Checked as the events arrive: the lesson shows the result and the view counts it.
  const banner = lesson.locator('[data-testid=exercise-banner]');
  await banner.filter({ hasText: '✓ Exercise 05' }).waitFor({ timeout: 15_000 });
  await wb.shot('lesson-exercise-passed');

  await wb.openSidebar();
  await wb.page.locator('.monaco-list-row', { hasText: 'exercise ✓' }).first().waitFor({ timeout: 15_000 });
  const after = await module5.innerText();
  expect(/exercise ✓/.test(after), `module 5 shows its exercise as done (got "${after}")`);
  await wb.shot('lessons-view-progress');
}
