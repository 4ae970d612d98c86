// The virtualized event list. Rows have one fixed height, so the visible window is plain
// arithmetic over scrollTop and only ~50 rows exist in the DOM however long the timeline is.
// Row elements are keyed by seq and reused between frames; details open in a separate pane.

import type { TimelineEvent } from '../../../src/shared/events';
import type { EventStore } from './eventStore';
import { h, icon } from './dom';
import { describe, eventDir, eventSize, formatBytes, formatClock, formatRelative, kindIcon } from './eventText';

export const ROW_HEIGHT = 22;
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
  private readonly rows = new Map<number, HTMLElement>();
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
    this.spacer = h('div', { class: 'timeline-spacer' });
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

  /** Forces every row to be rebuilt on the next render (only the visible window is rebuilt). */
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
    this.spacer.style.height = `${count * ROW_HEIGHT}px`;
    this.empty.hidden = count > 0;
    if (this.follow) element.scrollTop = element.scrollHeight;
    this.lastScrollTop = element.scrollTop;

    const top = element.scrollTop;
    const height = element.clientHeight || 600;
    const start = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(count, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const version = String(this.version);
    const keep = new Set<number>();
    for (let pos = start; pos < end; pos++) {
      const index = store.visible[pos];
      const event = store.events[index];
      keep.add(event.seq);
      let row = this.rows.get(event.seq);
      if (!row) {
        row = h('div', { class: 'row', 'data-testid': 'event-row', role: 'option' });
        this.rows.set(event.seq, row);
        this.spacer.appendChild(row);
      }
      if (row.dataset.v !== version) {
        this.fillRow(row, event, index);
        row.dataset.v = version;
      }
      row.style.transform = `translateY(${pos * ROW_HEIGHT}px)`;
      const selected = event.seq === this.selectedSeq;
      row.classList.toggle('selected', selected);
      row.setAttribute('aria-selected', String(selected));
    }
    for (const [seq, row] of this.rows) {
      if (!keep.has(seq)) {
        row.remove();
        this.rows.delete(seq);
      }
    }
  }

  private fillRow(row: HTMLElement, e: TimelineEvent, index: number): void {
    const dir = eventDir(e);
    row.dataset.kind = e.kind;
    row.dataset.dir = dir ?? 'none';
    row.dataset.seq = String(e.seq);
    row.className = `row kind-${e.kind}${dir ? ` dir-${dir}` : ''}`;
    const size = eventSize(e);
    const events = this.store.events;
    const base = this.relativeMode === 'first' ? events[0].time : (events[index - 1] ?? e).time;
    const preview = describe(e);
    const actions = h('span', { class: 'c-actions' },
      h('button', { class: 'icon-btn', type: 'button', 'data-action': 'copy', title: 'Copy', 'aria-label': 'Copy' }, icon('copy')),
      e.kind === 'message' && this.canResend ? h('button', { class: 'icon-btn', type: 'button', 'data-action': 'resend', title: 'Send again', 'aria-label': 'Send again' }, icon('debug-restart')) : null,
    );
    row.replaceChildren(
      h('span', { class: 'c-dir', title: dir === 'out' ? 'Sent' : dir === 'in' ? 'Received' : '' }, dir ? icon(dir === 'out' ? 'arrow-up' : 'arrow-down') : null),
      h('span', { class: 'c-kind', title: e.kind }, icon(kindIcon(e))),
      h('span', { class: 'c-clock' }, formatClock(e.time)),
      h('span', { class: 'c-rel' }, formatRelative(Math.max(0, e.time - base))),
      h('span', { class: 'c-size' }, size === undefined ? '' : formatBytes(size)),
      h('span', { class: 'c-preview', title: preview.length > 80 ? preview.slice(0, 500) : '' },
        'clientId' in e && e.clientId ? h('span', { class: 'client-tag' }, e.clientId) : null,
        preview),
      actions,
    );
  }

  private onScroll(): void {
    const el = this.element;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT;
    // Only a move upwards pauses: rows arriving never change scrollTop by themselves.
    if (!atBottom && el.scrollTop < this.lastScrollTop) this.setFollow(false);
    else if (atBottom) this.setFollow(true);
    this.lastScrollTop = el.scrollTop;
    if (!this.scrollFrame) {
      this.scrollFrame = requestAnimationFrame(() => {
        this.scrollFrame = 0;
        this.render();
      });
    }
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
