// The message composer: format, body, validation as you type, send, history and saved messages.
// The draft is the user's work: it survives errors, sends, reloads (webview state) and recalls.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ComposerFormat, SavedMessage } from '../../../src/shared/connection';
import type { ComposerHistoryEntry } from '../../../src/shared/protocol/timeline';
import { ComposerHistory } from './composerHistory';
import { checkBody, sendBlockedReason, withPosition } from './composerValidation';
import { h, icon, iconButton } from './dom';
import { formatBytes } from '../../../src/shared/format';
import { CODECS, codecFor } from '../../../src/codecs/registry';
import { prettyOrMinify } from './jsonFormat';
import { SavedMessagesMenu } from './savedMessages';
import { post, request, uiState, updateUiState } from './vscodeApi';

const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
const SEND_TITLE = `Send (${IS_MAC ? '⌘' : 'Ctrl'}+Enter)`;

export class Composer {
  readonly element: HTMLElement;
  private readonly format: HTMLSelectElement;
  private readonly input: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private readonly size: HTMLElement;
  private readonly note: HTMLElement;
  private readonly jsonTools: HTMLElement;
  private readonly sendButton: HTMLElement;
  /** Why Send is disabled, beside it. */
  private readonly sendBlocked: HTMLElement;
  private readonly history = new ComposerHistory();
  private readonly saved: SavedMessagesMenu;
  private validateFrame = 0;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private reported?: ComposerHistoryEntry;

  constructor(controlFrames: HTMLElement) {
    const state = uiState();
    this.format = h('select', { class: 'select', 'data-testid': 'format', 'aria-label': 'Message format', title: 'Payload format' },
      ...CODECS.map((c) => h('option', { value: c.id }, c.label)));
    this.format.value = state.format;
    this.format.addEventListener('change', () => this.onFormatChange());

    this.input = h('textarea', { class: 'composer-input', 'data-testid': 'composer-input', spellcheck: 'false', 'aria-label': 'Message body', rows: 4 });
    this.input.value = state.body;
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    // Copy as Code is run from the palette or the tree, which takes the focus first: report now.
    this.input.addEventListener('blur', () => this.reportDraft(true));

    this.error = h('div', { class: 'composer-error', 'data-testid': 'composer-error', role: 'alert', hidden: true });
    this.size = h('span', { class: 'composer-size', 'data-testid': 'composer-size', 'aria-live': 'polite' });
    this.note = h('span', { class: 'composer-note' });
    this.jsonTools = h('span', { class: 'toolbar-group' },
      iconButton('list-tree', 'Pretty-print JSON', () => this.reformat('pretty'), 'json-pretty', 'Pretty'),
      iconButton('fold', 'Minify JSON', () => this.reformat('minify'), 'json-minify', 'Minify'),
    );
    this.saved = new SavedMessagesMenu({
      current: () => ({ format: this.currentFormat(), body: this.input.value }),
      insert: (m) => this.load(m.format, m.body),
    });

    const send = h('vscode-button', { 'data-testid': 'send', title: SEND_TITLE, 'aria-describedby': 'send-blocked' }, icon('send'), h('span', { class: 'btn-label' }, 'Send'));
    send.addEventListener('click', () => this.send());
    this.sendButton = send;
    this.sendBlocked = h('span', { class: 'send-blocked', id: 'send-blocked', 'data-testid': 'send-blocked', hidden: true });

    this.element = h('section', { class: 'composer', 'aria-label': 'Composer' },
      h('div', { class: 'composer-bar' },
        this.format,
        this.jsonTools,
        h('span', { class: 'toolbar-sep' }),
        this.saved.element,
        iconButton('file-binary', 'Pick a file and send its bytes as one binary message', () => this.sendFile(), 'send-file', 'Send file…'),
        h('span', { class: 'spacer' }),
        this.note,
        this.size,
      ),
      this.input,
      this.error,
      h('div', { class: 'composer-footer' }, controlFrames, h('span', { class: 'spacer' }), this.sendBlocked, send),
    );
    this.onFormatChange(false);
    // A draft restored with the webview's state (after a reload) is the composer's message too.
    if (this.input.value !== '') this.reportDraft(true);
  }

  setHistory(entries: ComposerHistoryEntry[]): void {
    this.history.replace(entries);
  }

  setSavedMessages(messages: SavedMessage[]): void {
    this.saved.setMessages(messages);
  }

  /** The host read a file for "Send file…": it lands in the composer as base64 to review and send. */
  fileLoaded(name: string, base64: string, size: number): void {
    this.load('base64', base64);
    this.note.textContent = `${name} (${formatBytes(size)}) loaded as base64`;
  }

  focus(): void {
    this.input.focus();
  }

  send(): void {
    const format = this.currentFormat();
    const body = this.input.value;
    const check = checkBody(format, body);
    if (!check.ok) {
      this.showError(check.error);
      this.input.focus();
      return;
    }
    void request({ type: 'send', format, body }).then((reply) => {
      if (!reply.ok) this.showError(withPosition(reply.error, body, reply.position));
    });
    this.history.push({ format, body });
    this.note.textContent = '';
  }

  private currentFormat(): ComposerFormat {
    return this.format.value as ComposerFormat;
  }

  private load(format: ComposerFormat, body: string): void {
    this.format.value = format;
    this.input.value = body;
    this.onFormatChange();
  }

  private onFormatChange(save = true): void {
    const format = this.currentFormat();
    this.input.placeholder = `${codecFor(format)?.placeholder ?? ''}   (${IS_MAC ? '⌘' : 'Ctrl'}+Enter to send, ↑/↓ for history)`;
    this.jsonTools.hidden = format !== 'json' && format !== 'msgpack';
    this.validate();
    if (!save) return;
    updateUiState({ format, body: this.input.value });
    this.reportDraft();
  }

  /**
   * Tells the host what the composer holds, so Copy as Code sends this message: once typing
   * pauses (a multi-megabyte body is not posted on every key), or at once.
   */
  private reportDraft(now = false): void {
    clearTimeout(this.draftTimer);
    const report = () => {
      this.draftTimer = undefined;
      const draft = { format: this.currentFormat(), body: this.input.value };
      if (draft.format === this.reported?.format && draft.body === this.reported.body) return;
      this.reported = draft;
      post({ type: 'draft', ...draft });
    };
    if (now) report();
    else this.draftTimer = setTimeout(report, 300);
  }

  private onInput(): void {
    updateUiState({ body: this.input.value });
    this.reportDraft();
    this.note.textContent = '';
    // Validating a multi-megabyte body on every keystroke would lag typing; once a frame is enough.
    if (!this.validateFrame) {
      this.validateFrame = requestAnimationFrame(() => {
        this.validateFrame = 0;
        this.validate();
      });
    }
  }

  private validate(): void {
    const body = this.input.value;
    this.setSendBlocked(sendBlockedReason(this.currentFormat(), body));
    if (body === '') {
      this.clearError();
      this.size.textContent = '';
      return;
    }
    const check = checkBody(this.currentFormat(), body);
    if (check.ok) {
      this.clearError();
      this.size.textContent = formatBytes(check.size);
      this.size.title = `${check.size} bytes on the wire`;
    } else {
      this.showError(check.error);
      this.size.textContent = '';
    }
  }

  private setSendBlocked(reason: string | undefined): void {
    this.sendButton.toggleAttribute('disabled', reason !== undefined);
    // vscode-button does not tell assistive technology it is disabled; this does.
    this.sendButton.setAttribute('aria-disabled', String(reason !== undefined));
    this.sendButton.title = reason ?? SEND_TITLE;
    this.sendBlocked.textContent = reason ?? '';
    this.sendBlocked.hidden = reason === undefined;
  }

  private showError(message: string): void {
    this.error.replaceChildren(icon('error'), h('span', null, message));
    this.error.hidden = false;
    this.input.classList.add('invalid');
    this.input.setAttribute('aria-invalid', 'true');
  }

  private clearError(): void {
    this.error.hidden = true;
    this.error.replaceChildren();
    this.input.classList.remove('invalid');
    this.input.removeAttribute('aria-invalid');
  }

  private reformat(mode: 'pretty' | 'minify'): void {
    const result = prettyOrMinify(this.input.value, mode);
    if (!result.ok) {
      this.showError(result.error);
      return;
    }
    // execCommand keeps the change on the textarea's undo stack, so Ctrl+Z brings the old text back.
    this.input.focus();
    this.input.select();
    if (!document.execCommand('insertText', false, result.text)) this.input.value = result.text;
    this.onInput();
  }

  private sendFile(): void {
    void request({ type: 'sendFile' }).then((reply) => {
      if (!reply.ok) this.showError(reply.error);
      else if (reply.message) this.note.textContent = reply.message;
    });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.send();
      return;
    }
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.shiftKey || e.ctrlKey || e.metaKey) return;
    const { value, selectionStart, selectionEnd } = this.input;
    if (selectionStart !== selectionEnd) return;
    // Only on the first/last line, so arrows still move the caret inside multi-line bodies.
    const onFirstLine = !value.slice(0, selectionStart).includes('\n');
    const onLastLine = !value.slice(selectionEnd).includes('\n');
    let entry: ComposerHistoryEntry | undefined;
    if (e.key === 'ArrowUp' && onFirstLine) entry = this.history.older({ format: this.currentFormat(), body: value });
    else if (e.key === 'ArrowDown' && onLastLine) entry = this.history.newer();
    else return;
    if (!entry) return;
    e.preventDefault();
    this.load(entry.format, entry.body);
    const caret = e.key === 'ArrowUp' ? 0 : entry.body.length;
    this.input.setSelectionRange(caret, caret);
  }
}
