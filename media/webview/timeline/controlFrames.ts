// Ping and Close controls. Close code and reason are checked before anything is posted
// (1005/1006/1015 can't be sent; a reason fits in 123 UTF-8 bytes) so mistakes show inline.

import { h, icon } from './dom';
import { checkClose, describeCode } from './closeValidation';
import { request, uiState, updateUiState } from './vscodeApi';

export class ControlFrames {
  readonly element: HTMLElement;
  private readonly pingPayload: HTMLInputElement;
  private readonly code: HTMLInputElement;
  private readonly reason: HTMLInputElement;
  private readonly error: HTMLElement;

  constructor() {
    const state = uiState();
    this.pingPayload = h('input', { class: 'input ping-payload', type: 'text', placeholder: 'payload', 'aria-label': 'Ping payload (optional)', title: 'Optional ping payload (≤125 bytes)', 'data-testid': 'ping-payload' });
    this.pingPayload.value = state.pingPayload;
    this.pingPayload.addEventListener('input', () => updateUiState({ pingPayload: this.pingPayload.value }));
    this.code = h('input', { class: 'input close-code', type: 'text', inputmode: 'numeric', 'aria-label': 'Close code', 'data-testid': 'close-code' });
    this.code.value = state.closeCode;
    this.reason = h('input', { class: 'input close-reason', type: 'text', placeholder: 'reason', 'aria-label': 'Close reason', title: 'Close reason (≤123 UTF-8 bytes)', 'data-testid': 'close-reason' });
    this.reason.value = state.closeReason;
    const describe = () => (this.code.title = `Close code: 1000 or 3000–4999${describeCode(this.code.value) ? ` (${describeCode(this.code.value)})` : ''}`);
    describe();
    for (const input of [this.code, this.reason]) {
      input.addEventListener('input', () => {
        updateUiState({ closeCode: this.code.value, closeReason: this.reason.value });
        describe();
        this.setError(undefined);
      });
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.close();
      });
    }
    this.pingPayload.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.ping();
    });
    this.error = h('span', { class: 'inline-error', 'data-testid': 'close-error', role: 'alert', hidden: true });

    const pingButton = h('vscode-button', { secondary: true, 'data-testid': 'ping', title: 'Send a ping frame' }, icon('pulse'), h('span', { class: 'btn-label' }, 'Ping'));
    pingButton.addEventListener('click', () => this.ping());
    const closeButton = h('vscode-button', { secondary: true, 'data-testid': 'close', title: 'Start the close handshake' }, icon('debug-disconnect'), h('span', { class: 'btn-label' }, 'Close'));
    closeButton.addEventListener('click', () => this.close());

    this.element = h('div', { class: 'control-frames' },
      h('span', { class: 'field-group' }, this.pingPayload, pingButton),
      h('span', { class: 'toolbar-sep' }),
      h('span', { class: 'field-group' }, this.code, this.reason, closeButton),
      this.error,
    );
  }

  private ping(): void {
    const payload = this.pingPayload.value;
    const bytes = new TextEncoder().encode(payload).length;
    if (bytes > 125) return this.setError(`A ping payload is at most 125 bytes (this one is ${bytes}).`, this.pingPayload);
    this.setError(undefined);
    void request({ type: 'ping', payload }).then((r) => !r.ok && this.setError(r.error));
  }

  private close(): void {
    const checked = checkClose(this.code.value, this.reason.value);
    if (!checked.ok) return this.setError(checked.error, checked.field === 'code' ? this.code : this.reason);
    this.setError(undefined);
    void request({ type: 'close', code: checked.code, reason: this.reason.value }).then((r) => !r.ok && this.setError(r.error));
  }

  /** Shows (or clears) the error and outlines the field it is about. */
  private setError(message: string | undefined, field?: HTMLInputElement): void {
    this.error.hidden = message === undefined;
    this.error.replaceChildren(...(message === undefined ? [] : [icon('error'), h('span', null, message)]));
    for (const input of [this.pingPayload, this.code, this.reason]) input.classList.toggle('invalid', input === field);
  }
}
