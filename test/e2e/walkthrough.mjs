// The "Get started with WebSocket Lab" walkthrough as journeys 09 and 11 drive it.

/** Opens the walkthrough from the palette. */
export async function openWalkthrough(wb) {
  // Right after a walkthrough button ran its command, VS Code may hand the focus back to a webview
  // (the step's media, a timeline) and close a palette that had just opened: try again then.
  for (let attempt = 1; ; attempt++) {
    try {
      await wb.runCommand('Welcome: Open Walkthrough');
      await wb.pick('Get started with WebSocket Lab');
      await wb.page.locator('.getting-started-step', { hasText: 'Start a mock server' }).first().waitFor({ timeout: 20_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await wb.page.keyboard.press('Escape');
      await wb.page.waitForTimeout(1000);
    }
  }
}

/** The walkthrough step titled `title`. */
export const step = (wb, title) => wb.page.locator('.getting-started-step', { hasText: title }).first();

/** Every ticked step. */
export const checkedSteps = (wb) => wb.page.locator('.getting-started-step[aria-checked="true"]');
