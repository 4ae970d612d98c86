// The lesson webview: shows a lesson rendered by the host (markdown-it, raw HTML disabled),
// turns its command links into messages for the host, and reports topics the learner reads.
import type { HostToLesson, LessonToHost } from '../../../src/shared/protocol/lesson';
import { headingSlug } from '../../../src/lessons/headingSlug';
import { connectToHost } from '../shared/host';
import { LESSON_CSS } from './lessonStyles';

const host = connectToHost<HostToLesson, LessonToHost>();
const sheet = new CSSStyleSheet();
sheet.replaceSync(LESSON_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
const app = document.getElementById('app')!;
const banner = document.createElement('div');
banner.className = 'exercise-banner';
banner.setAttribute('role', 'status');
banner.dataset.testid = 'exercise-banner';
const article = document.createElement('article');
article.className = 'lesson';
app.append(banner, article);

let observer: IntersectionObserver | undefined;


function showLesson(m: Extract<HostToLesson, { type: 'lesson' }>): void {
  // The HTML comes from the host's markdown renderer with raw HTML disabled; the CSP blocks
  // any script in it regardless.
  article.innerHTML = m.html;
  // A code block wider than the view scrolls sideways: keyboard users reach it with Tab to scroll
  // it with the arrow keys (WCAG 2.1.1).
  article.querySelectorAll('pre').forEach((pre) => (pre.tabIndex = 0));
  article.querySelectorAll('pre').forEach(addCopyButton);
  banner.hidden = !m.passed;
  if (m.passed) {
    banner.className = 'exercise-banner passed';
    banner.textContent = '✓ You passed this module’s exercise.';
  }
  observer?.disconnect();
  observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting && e.target instanceof HTMLElement && e.target.tagName === 'H2') {
        host.post({ type: 'topicVisible', topic: e.target.textContent?.trim() ?? '' });
      }
    }
  }, { threshold: 1 });
  article.querySelectorAll('h2').forEach((h) => observer!.observe(h));
  if (m.topic) {
    const target = document.getElementById(headingSlug(m.topic));
    target?.scrollIntoView({ block: 'start' });
  } else {
    window.scrollTo(0, 0);
  }
}

/**
 * A Copy button on each code block. The host writes the clipboard (vscode.env.clipboard): a
 * webview's navigator.clipboard depends on the browser's permission and focus rules.
 */
function addCopyButton(pre: HTMLPreElement): void {
  const wrapper = document.createElement('div');
  wrapper.className = 'code-block';
  pre.replaceWith(wrapper);
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'code-copy';
  copy.textContent = 'Copy';
  copy.title = 'Copy this code to the clipboard';
  copy.dataset.testid = 'code-copy';
  copy.addEventListener('click', () => {
    host.post({ type: 'copyCode', text: pre.querySelector('code')?.textContent ?? pre.textContent ?? '' });
    copy.textContent = 'Copied ✓';
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  });
  wrapper.append(copy, pre);
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-command]') as HTMLAnchorElement | null;
  if (!link) return;
  event.preventDefault();
  let args: unknown[] = [];
  try {
    const parsed = JSON.parse(link.dataset.args ?? '[]');
    if (Array.isArray(parsed)) args = parsed;
  } catch {
    // A malformed link runs with no arguments; the host validates anyway.
  }
  host.post({ type: 'command', command: link.dataset.command ?? '', args });
});

host.onMessage((m) => {
  if (m.type === 'lesson') showLesson(m);
  else if (m.type === 'exerciseResult') {
    banner.hidden = false;
    banner.className = `exercise-banner ${m.passed ? 'passed' : 'failed'}`;
    banner.textContent = `${m.passed ? '✓' : '✗'} Exercise ${m.exerciseId.slice(1)}: ${m.message}`;
  }
});

host.post({ type: 'ready' });
