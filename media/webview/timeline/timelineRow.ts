// One row element of the virtualized list, recycled: its spans, icons and buttons are built once,
// and showing another event only rewrites the text, attributes and classes that differ. A
// scrollbar jump then creates no elements, and the browser restyles only what changed.

import type { TimelineEvent } from '../../../src/shared/events';
import { h, icon } from './dom';
import { describeEvent, eventDir, eventIcon, eventSize } from '../../../src/shared/eventKinds';
import { formatBytes } from '../../../src/shared/format';
import { formatClock, formatRelative } from './eventText';

/** Every row has this height (styles/list.css says the same), so positions are arithmetic. */
export const ROW_HEIGHT = 22;
const EMPTY = -1;

export class TimelineRow {
  readonly element: HTMLDivElement;
  /** The event shown, or EMPTY before the first `show`. */
  seq = EMPTY;
  /** The TimelineView version the text was written for (see TimelineView.invalidate). */
  version = EMPTY;
  private readonly dirBox: HTMLSpanElement;
  private readonly dirIcon: HTMLSpanElement;
  private readonly kindBox: HTMLSpanElement;
  private readonly kindIcon: HTMLSpanElement;
  private readonly clock = document.createTextNode('');
  private readonly rel = document.createTextNode('');
  private readonly size = document.createTextNode('');
  private readonly preview: HTMLSpanElement;
  private readonly clientTag: HTMLSpanElement;
  private readonly clientText = document.createTextNode('');
  private readonly previewText = document.createTextNode('');
  private readonly actions: HTMLSpanElement;
  private readonly resend: HTMLSpanElement;
  private kindClass = '';
  private selected = false;
  /** Still shows an event that is no longer at its place (see TimelineView.render): hidden until rewritten. */
  private stale = false;

  constructor() {
    this.dirIcon = icon('arrow-up');
    this.dirBox = h('span', { class: 'c-dir' }, this.dirIcon);
    this.kindIcon = icon('info');
    this.kindBox = h('span', { class: 'c-kind' }, this.kindIcon);
    this.clientTag = h('span', { class: 'client-tag' }, this.clientText);
    this.preview = h('span', { class: 'c-preview' }, this.previewText);
    // Mouse shortcuts, not buttons: an option of a listbox may hold no focusable controls (a screen
    // reader cannot reach them, and Tab would walk through every row). The keyboard has the same
    // actions in the detail pane of the selected row (Copy, Send again).
    this.resend = h('span', { class: 'icon-btn', 'data-action': 'resend', title: 'Send again' }, icon('debug-restart'));
    this.actions = h('span', { class: 'c-actions', 'aria-hidden': 'true' },
      h('span', { class: 'icon-btn', 'data-action': 'copy', title: 'Copy' }, icon('copy')));
    this.element = h('div', { class: 'row', 'data-testid': 'event-row', role: 'option', 'aria-selected': 'false' },
      this.dirBox,
      this.kindBox,
      h('span', { class: 'c-clock' }, this.clock),
      h('span', { class: 'c-rel' }, this.rel),
      h('span', { class: 'c-size' }, this.size),
      this.preview,
      this.actions,
    );
  }

  /**
   * Writes an event into the row. `relativeTo` is the time the relative column counts from;
   * `canResend` is false on a mock server's timeline, which cannot send.
   */
  show(e: TimelineEvent, relativeTo: number, canResend: boolean, version: number): void {
    this.seq = e.seq;
    this.version = version;
    const dir = eventDir(e);
    const data = this.element.dataset;
    data.seq = String(e.seq);
    if (data.kind !== e.kind) data.kind = e.kind;
    const dirName = dir ?? 'none';
    if (data.dir !== dirName) data.dir = dirName;
    this.kindClass = `row kind-${e.kind}${dir ? ` dir-${dir}` : ''}`;
    this.stale = false;
    this.writeClass();

    // An event without a direction shows an empty cell: the glyph comes from the class alone.
    setClass(this.dirIcon, dir ? `codicon codicon-${dir === 'out' ? 'arrow-up' : 'arrow-down'}` : '');
    setTitle(this.dirBox, dir === 'out' ? 'Sent' : dir === 'in' ? 'Received' : '');
    setClass(this.kindIcon, `codicon codicon-${eventIcon(e)}`);
    setTitle(this.kindBox, e.kind);

    const size = eventSize(e);
    setText(this.clock, formatClock(e.time));
    setText(this.rel, formatRelative(Math.max(0, e.time - relativeTo)));
    setText(this.size, size === undefined ? '' : formatBytes(size));

    const preview = describeEvent(e);
    setTitle(this.preview, preview.length > 80 ? preview.slice(0, 500) : '');
    const client = 'clientId' in e && e.clientId ? e.clientId : '';
    setText(this.clientText, client);
    attach(this.preview, this.clientTag, client !== '', this.previewText);
    setText(this.previewText, preview);
    // Absent rather than hidden: nothing can find or focus a button the event does not offer.
    attach(this.actions, this.resend, e.kind === 'message' && canResend, null);
  }

  setSelected(selected: boolean): void {
    if (selected === this.selected) return;
    this.selected = selected;
    this.element.setAttribute('aria-selected', String(selected));
    this.writeClass();
  }

  /** Hides the row until the next `show`: what it shows belongs somewhere else in the list. */
  markStale(): void {
    if (this.stale) return;
    this.stale = true;
    this.writeClass();
  }

  private writeClass(): void {
    const name = `${this.kindClass}${this.selected ? ' selected' : ''}${this.stale ? ' stale' : ''}`;
    if (this.element.className !== name) this.element.className = name;
  }
}

// Writes only what differs: an unchanged value costs the browser nothing to restyle or lay out.

function setText(node: Text, text: string): void {
  if (node.data !== text) node.data = text;
}

function setClass(el: Element, name: string): void {
  if (el.className !== name) el.className = name;
}

function setTitle(el: HTMLElement, title: string): void {
  if (el.title !== title) el.title = title;
}

/** Puts `child` into `parent` (before `before`, or last) or takes it out. */
function attach(parent: Element, child: Element, present: boolean, before: Node | null): void {
  if (present === (child.parentNode === parent)) return;
  if (present) parent.insertBefore(child, before);
  else child.remove();
}
