// Saved messages: a drop-down list to insert or delete them, and a small form that saves the
// current draft under a name. Saving and deleting go through the host, which owns the file.

import type { ComposerFormat, SavedMessage } from '../../../src/shared/connection';
import { h, icon, iconButton } from './dom';
import { post, request } from './vscodeApi';

export interface SavedMessagesHooks {
  current(): { format: ComposerFormat; body: string };
  insert(message: SavedMessage): void;
}

export class SavedMessagesMenu {
  readonly element: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly list: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly descInput: HTMLInputElement;
  private readonly formError: HTMLElement;
  private messages: SavedMessage[] = [];

  constructor(private readonly hooks: SavedMessagesHooks) {
    this.list = h('ul', { class: 'saved-list', role: 'listbox', 'aria-label': 'Saved messages' });
    this.nameInput = h('input', { class: 'input', type: 'text', placeholder: 'Name', 'aria-label': 'Saved message name', 'data-testid': 'save-name' });
    this.descInput = h('input', { class: 'input', type: 'text', placeholder: 'Description (optional)', 'aria-label': 'Saved message description' });
    this.formError = h('div', { class: 'inline-error', hidden: true });
    const form = h('form', { class: 'saved-form' },
      h('div', { class: 'saved-form-title' }, 'Save current message'),
      this.nameInput,
      this.descInput,
      this.formError,
      h('div', { class: 'saved-form-actions' }, h('button', { class: 'btn', type: 'submit', 'data-testid': 'save-confirm' }, 'Save')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.panel = h('div', { class: 'popover saved-panel', hidden: true, 'data-testid': 'saved-panel' }, this.list, form);
    const toggle = iconButton('bookmark', 'Saved messages: insert one, or save the current message', () => this.toggle(), 'saved-toggle', 'Saved');
    this.element = h('span', { class: 'popover-anchor' }, toggle, this.panel);
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.toggle(false);
    });
    document.addEventListener('mousedown', (e) => {
      if (!this.panel.hidden && !this.element.contains(e.target as Node)) this.toggle(false);
    });
    this.render();
  }

  setMessages(messages: SavedMessage[]): void {
    this.messages = messages.slice();
    this.render();
  }

  private toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    if (open) this.nameInput.focus();
  }

  private render(): void {
    if (!this.messages.length) {
      this.list.replaceChildren(h('li', { class: 'saved-empty' }, 'No saved messages yet.'));
      return;
    }
    this.list.replaceChildren(...this.messages.map((m) => {
      const item = h('li', { class: 'saved-item', role: 'option', tabindex: 0, title: m.body.slice(0, 400), 'data-testid': 'saved-item' },
        icon('bookmark'),
        h('span', { class: 'saved-text' },
          h('span', { class: 'saved-name' }, m.name, h('span', { class: 'tag' }, m.format)),
          m.description ? h('span', { class: 'saved-desc' }, m.description) : null,
        ),
        iconButton('trash', `Delete “${m.name}”`, (e) => {
          e.stopPropagation();
          post({ type: 'deleteSavedMessage', name: m.name });
        }),
      );
      const insert = () => {
        this.hooks.insert(m);
        this.toggle(false);
      };
      item.addEventListener('click', insert);
      item.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') insert();
      });
      return item;
    }));
  }

  private save(): void {
    const name = this.nameInput.value.trim();
    const { format, body } = this.hooks.current();
    if (!name) return this.showError('Give the message a name.');
    if (!body) return this.showError('The composer is empty: nothing to save.');
    const description = this.descInput.value.trim() || undefined;
    void request({ type: 'saveMessage', message: { name, description, format, body } }).then((reply) => {
      if (!reply.ok) this.showError(reply.error);
      else {
        this.nameInput.value = '';
        this.descInput.value = '';
        this.formError.hidden = true;
      }
    });
    // Optimistic: show it now; the host's savedMessages message is the source of truth.
    this.setMessages([...this.messages.filter((m) => m.name !== name), { name, description, format, body }]);
  }

  private showError(message: string): void {
    this.formError.textContent = message;
    this.formError.hidden = false;
  }
}
