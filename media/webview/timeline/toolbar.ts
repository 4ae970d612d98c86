// The timeline toolbar: filters, search, time mode, auto-scroll, clear and export.

import { h, icon, iconButton } from './dom';
import { KIND_GROUPS, type KindGroup } from '../../../src/shared/eventKinds';
import type { FilterSpec } from './filter';
import { post, request, uiState, updateUiState } from './vscodeApi';

export interface ToolbarHooks {
  onFilter(spec: FilterSpec): void;
  onRelativeMode(mode: 'first' | 'previous'): void;
  onFollow(follow: boolean): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly direction: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private readonly searchError: HTMLElement;
  private readonly count: HTMLElement;
  private readonly followButton: HTMLButtonElement;
  private readonly relButton: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private readonly kinds: Partial<Record<KindGroup, boolean>>;
  private relativeMode: 'first' | 'previous';
  private follow = true;

  constructor(private readonly hooks: ToolbarHooks) {
    const state = uiState();
    this.kinds = { ...state.kinds };
    this.relativeMode = state.relativeMode;

    this.direction = h('select', { class: 'select', 'data-testid': 'filter-direction', 'aria-label': 'Direction filter', title: 'Direction' },
      h('option', { value: 'all' }, 'All directions'),
      h('option', { value: 'out' }, 'Sent'),
      h('option', { value: 'in' }, 'Received'),
    );
    this.direction.value = state.direction;
    this.direction.addEventListener('change', () => this.changed());

    const kindToggles = KIND_GROUPS.map((g) => {
      const b = h('button', { class: 'toggle', type: 'button', title: `Show ${g.label.toLowerCase()}`, 'aria-label': g.label, 'data-testid': `filter-kind-${g.id}` }, icon(g.icon), h('span', { class: 'toggle-label' }, g.label));
      const sync = () => b.setAttribute('aria-pressed', String(this.kinds[g.id] !== false));
      sync();
      b.addEventListener('click', () => {
        this.kinds[g.id] = this.kinds[g.id] === false;
        sync();
        this.changed();
      });
      return b;
    });

    this.search = h('input', { class: 'input search', type: 'search', placeholder: 'Search text or /regex/i', 'aria-label': 'Search events', 'data-testid': 'search', spellcheck: 'false' });
    this.search.value = state.search;
    this.search.addEventListener('input', () => this.changed());
    this.searchError = h('span', { class: 'inline-error', 'data-testid': 'search-error', role: 'alert', hidden: true });
    this.count = h('span', { class: 'event-count', 'data-testid': 'event-count' });

    this.relButton = iconButton('clock', '', () => {
      this.relativeMode = this.relativeMode === 'first' ? 'previous' : 'first';
      updateUiState({ relativeMode: this.relativeMode });
      this.syncRelButton();
      this.hooks.onRelativeMode(this.relativeMode);
    }, 'relative-mode');
    this.syncRelButton();
    this.followButton = iconButton('debug-pause', '', () => this.hooks.onFollow(!this.follow), 'follow');
    this.setFollow(true);
    this.notice = h('span', { class: 'toolbar-notice', role: 'status' });

    this.element = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Timeline filters' },
      this.direction,
      h('span', { class: 'toolbar-group' }, ...kindToggles),
      h('span', { class: 'search-wrap' }, icon('search', 'search-icon'), this.search),
      this.searchError,
      h('span', { class: 'spacer' }),
      this.notice,
      this.count,
      h('span', { class: 'toolbar-group' },
        this.relButton,
        this.followButton,
        iconButton('clear-all', 'Clear the timeline', () => post({ type: 'clear' }), 'clear'),
        iconButton('export', 'Export as JSON Lines', () => this.export('jsonl'), 'export-jsonl'),
        h('button', { class: 'icon-btn text-btn', type: 'button', title: 'Export as HAR (Chrome DevTools can import it)', 'data-testid': 'export-har' }, 'HAR'),
      ),
    );
    this.element.querySelector('[data-testid="export-har"]')?.addEventListener('click', () => this.export('har'));
  }

  spec(): FilterSpec {
    return { direction: this.direction.value as FilterSpec['direction'], kinds: { ...this.kinds }, search: this.search.value };
  }

  setSearchError(error: string | undefined): void {
    this.searchError.hidden = error === undefined;
    this.searchError.textContent = error ?? '';
    this.search.classList.toggle('invalid', error !== undefined);
  }

  setCount(shown: number, total: number): void {
    this.count.textContent = shown === total ? `${total.toLocaleString('en-US')} events` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
  }

  /** Shows how many events arrived while auto-scroll was paused. */
  setUnseen(count: number): void {
    this.followButton.replaceChildren(icon(this.follow ? 'debug-pause' : 'debug-continue'), count > 0 ? h('span', null, `${count.toLocaleString('en-US')} new`) : '');
    this.followButton.classList.toggle('labeled', count > 0);
  }

  setFollow(follow: boolean): void {
    this.follow = follow;
    this.setUnseen(0);
    const title = follow ? 'Pause auto-scroll' : 'Auto-scroll paused: resume and jump to the newest event';
    this.followButton.title = title;
    this.followButton.setAttribute('aria-label', title);
    this.followButton.classList.toggle('attention', !follow);
  }

  showNotice(text: string, isError = false): void {
    this.notice.textContent = text;
    this.notice.classList.toggle('error', isError);
    setTimeout(() => {
      if (this.notice.textContent === text) this.notice.textContent = '';
    }, 6000);
  }

  private syncRelButton(): void {
    const title = this.relativeMode === 'first' ? 'Relative time since the first event (click: since the previous event)' : 'Relative time since the previous event (click: since the first event)';
    this.relButton.title = title;
    this.relButton.setAttribute('aria-label', title);
    this.relButton.classList.toggle('active', this.relativeMode === 'previous');
  }

  private changed(): void {
    const spec = this.spec();
    updateUiState({ direction: spec.direction, kinds: spec.kinds as Record<string, boolean>, search: spec.search });
    this.hooks.onFilter(spec);
  }

  private export(format: 'jsonl' | 'har'): void {
    void request({ type: 'export', format }).then((r) => this.showNotice(r.ok ? (r.message ?? 'Exported') : r.error, !r.ok));
  }
}
