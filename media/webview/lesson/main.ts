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
