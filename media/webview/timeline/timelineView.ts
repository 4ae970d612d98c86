// The virtualized event list. Rows have one fixed height, so the visible window is plain
// arithmetic over scrollTop and only ~50 rows exist in the DOM however long the timeline is.
// Those rows are a recycled pool (timelineRow.ts): a row still showing an event of the window is
// left alone, the others are rewritten in place for the events that came into view, so scrolling
// creates no elements. The rows sit in normal flow, in screen order, inside one element moved to
// the window's place: a scroll moves that element only, not every row, and the browser reuses the
// painting of the rows that did not change. Details open in a separate pane.

import type { TimelineEvent } from '../../../src/shared/events';
import type { EventStore } from './eventStore';
import { h } from './dom';
import { orderChildren } from './domOrder';
import { ROW_HEIGHT, TimelineRow } from './timelineRow';

const OVERSCAN = 8;

export interface TimelineCallbacks {
  onSelect(event: TimelineEvent | undefined): void;
  onCopy(event: TimelineEvent): void;
  onResend(event: TimelineEvent): void;
  /** Auto-scroll paused (user scrolled up) or resumed (back at the bottom). */
  onFollowChange(follow: boolean): void;
}

export class TimelineView {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  /** Holds the rows; translated to the first row of the window. */
  private readonly window: HTMLDivElement;
  private windowStart = -1;
  /** Rows in the DOM, in screen order (which is also seq order and DOM order). */
  private shown: TimelineRow[] = [];
  /** Rows out of the DOM, kept for when the window grows again. */
  private readonly spare: TimelineRow[] = [];
  private follow = true;
  private selectedSeq: number | undefined;
  private relativeMode: 'first' | 'previous' = 'first';
  /** False on a mock server's timeline, which cannot send. */
  private canResend = true;
  /** Bumped when every row's text may be stale (relative mode, oldest event dropped). */
  private version = 0;
  private lastScrollTop = 0;
  private scrollFrame = 0;

  constructor(private readonly store: EventStore, private readonly cb: TimelineCallbacks) {
    this.window = h('div', { class: 'timeline-window' });
    this.spacer = h('div', { class: 'timeline-spacer' }, this.window);
    this.empty = h('div', { class: 'timeline-empty' });
    this.element = h('div', { class: 'timeline', 'data-testid': 'timeline', tabindex: 0, role: 'listbox', 'aria-label': 'Timeline events' }, this.spacer, this.empty);
    this.element.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.element.addEventListener('click', (e) => this.onClick(e));
    this.element.addEventListener('keydown', (e) => this.onKey(e));
  }

  get following(): boolean {
    return this.follow;
  }

  get selected(): number | undefined {
    return this.selectedSeq;
  }

  setFollow(follow: boolean): void {
    if (follow === this.follow) return;
    this.follow = follow;
    this.cb.onFollowChange(follow);
    if (follow) this.render();
  }

  setRelativeMode(mode: 'first' | 'previous'): void {
    this.relativeMode = mode;
    this.invalidate();
  }

  /** Makes every row rewrite its text on the next render (only the visible window is rewritten). */
  invalidate(): void {
    this.version++;
  }

  setCanResend(canResend: boolean): void {
    if (canResend === this.canResend) return;
    this.canResend = canResend;
    this.invalidate();
  }

  setEmptyText(text: string): void {
    this.empty.textContent = text;
  }

  select(seq: number | undefined, reveal = false): void {
    this.selectedSeq = seq;
    const index = seq === undefined ? -1 : this.store.indexOfSeq(seq);
    this.cb.onSelect(index >= 0 ? this.store.events[index] : undefined);
    if (reveal && index >= 0) this.reveal(this.store.visiblePosition(index));
    this.render();
  }

  /** Draws the visible window; cheap enough to call once per animation frame. */
  render(): void {
    const { store, element } = this;
    const count = store.visible.length;
    // Unchanged values are not written back: a write alone can make the browser restyle.
    const spacerHeight = `${count * ROW_HEIGHT}px`;
    if (this.spacer.style.height !== spacerHeight) this.spacer.style.height = spacerHeight;
    if (this.empty.hidden !== count > 0) this.empty.hidden = count > 0;
    if (this.follow) element.scrollTop = element.scrollHeight;
    this.lastScrollTop = element.scrollTop;

    const top = element.scrollTop;
    const height = element.clientHeight || 600;
    // As many rows wherever the list is scrolled to (near either end the spare ones go to the
    // other side), so scrolling never has to add a row to the DOM or take one out.
    const size = Math.ceil(height / ROW_HEIGHT) + 1 + 2 * OVERSCAN;
    const start = Math.max(0, Math.min(Math.floor(top / ROW_HEIGHT) - OVERSCAN, count - size));
    const end = Math.min(count, start + size);
    const { events, visible } = store;

    // Rows already showing an event of the window keep it (a wheel step rewrites only the few
    // rows that scrolled out); the others are free, in screen order, for the events coming in.
    const bySeq = new Map<number, TimelineRow>();
    for (const row of this.shown) bySeq.set(row.seq, row);
    const rows = new Array<TimelineRow | undefined>(end - start);
    let kept = 0;
    for (let pos = start; pos < end; pos++) {
      const seq = events[visible[pos]].seq;
      const row = bySeq.get(seq);
      if (row) {
        rows[pos - start] = row;
        bySeq.delete(seq);
        kept++;
      }
    }
    const free = this.shown.filter((row) => bySeq.get(row.seq) === row);
    let nextFree = 0;
    for (let k = 0; k < rows.length; k++) rows[k] ??= free[nextFree++] ?? this.spare.pop() ?? new TimelineRow();
    for (; nextFree < free.length; nextFree++) {
      free[nextFree].element.remove();
      this.spare.push(free[nextFree]);
    }

    // A scrollbar jump keeps no row of the window before it, so every row would get new text in
    // this frame, and laying out new text is most of a frame's work. The rows on screen are written
    // now; the overscan rows, out of sight, in the next frame (hidden until then, so that a glimpse
    // of one during a fast drag shows nothing rather than another event).
    const jump = kept === 0 && this.shown.length > 0;
    const firstOnScreen = Math.floor(top / ROW_HEIGHT);
    const pastOnScreen = Math.ceil((top + height) / ROW_HEIGHT);
    let deferred = false;
    const version = this.version;
    const firstTime = events.length ? events[0].time : 0;
    for (let pos = start; pos < end; pos++) {
      const row = rows[pos - start] as TimelineRow;
      const index = visible[pos];
      const event = events[index];
      if (row.seq !== event.seq || row.version !== version) {
        if (jump && (pos < firstOnScreen || pos >= pastOnScreen)) {
          deferred = true;
          row.markStale();
          continue;
        }
        const base = this.relativeMode === 'first' ? firstTime : (events[index - 1] ?? event).time;
        row.show(event, base, this.canResend, version);
      }
      row.setSelected(event.seq === this.selectedSeq);
    }
    this.shown = rows as TimelineRow[];
    orderChildren(this.window, this.shown.map((row) => row.element));
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.window.style.transform = `translateY(${start * ROW_HEIGHT}px)`;
    }
    if (deferred) this.renderNextFrame();
  }

  private renderNextFrame(): void {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.render();
    });
  }

  private onScroll(): void {
    const el = this.element;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT;
    // Only a move upwards pauses: rows arriving never change scrollTop by themselves.
    if (!atBottom && el.scrollTop < this.lastScrollTop) this.setFollow(false);
    else if (atBottom) this.setFollow(true);
    this.lastScrollTop = el.scrollTop;
    this.renderNextFrame();
  }

  private onClick(ev: MouseEvent): void {
    const target = ev.target as HTMLElement;
    const row = target.closest<HTMLElement>('.row');
    if (!row) return;
    const seq = Number(row.dataset.seq);
    const event = this.store.events[this.store.indexOfSeq(seq)];
    if (!event) return;
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'copy') this.cb.onCopy(event);
    else if (action === 'resend') this.cb.onResend(event);
    else this.select(this.selectedSeq === seq ? undefined : seq, true);
  }

  private onKey(ev: KeyboardEvent): void {
    const { store } = this;
    if (ev.key === 'Escape') {
      this.select(undefined);
      return;
    }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp' && ev.key !== 'Home' && ev.key !== 'End') return;
    ev.preventDefault();
    const count = store.visible.length;
    if (!count) return;
    const current = this.selectedSeq === undefined ? -1 : store.visiblePosition(store.indexOfSeq(this.selectedSeq));
    let pos: number;
    if (ev.key === 'Home') pos = 0;
    else if (ev.key === 'End') pos = count - 1;
    else if (current < 0) pos = ev.key === 'ArrowDown' ? 0 : count - 1;
    else pos = Math.min(count - 1, Math.max(0, current + (ev.key === 'ArrowDown' ? 1 : -1)));
    this.select(store.events[store.visible[pos]].seq, true);
  }

  /** Scrolls just enough to show the row at a visible position. */
  private reveal(pos: number): void {
    if (pos < 0) return;
    const el = this.element;
    const top = pos * ROW_HEIGHT;
    if (top < el.scrollTop) {
      this.setFollow(false);
      el.scrollTop = top;
    } else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
  }
}
