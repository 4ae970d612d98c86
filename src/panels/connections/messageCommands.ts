// Send Message…, Send Ping… and Close Connection… as commands, so what the timeline's composer
// buttons do can be done from the command palette (and bound to keys). Each acts on the connection
// pickConnection chooses and reports a refusal ("needs an open connection") as an error message.
import * as vscode from 'vscode';
import type { LiveConnection } from '../../client/liveConnection';
import type { Reply } from '../../shared/result';
import { closeCodeName, validateCloseCodeToSend, validateCloseReason } from '../../wire/closeCodes';
import { Commands, registerCommand } from '../commands';
import { TimelinePanel } from '../timeline/timelinePanel';
import type { ConnectionsModel } from './connectionsModel';
import { isOpen, pickConnection } from './pickConnection';

/** Opens a connection's timeline (so the result is seen), unless it is open already. */
export type ShowTimeline = (c: LiveConnection) => void;

const MAX_PING_PAYLOAD_BYTES = 125;

export function registerMessageCommands(context: vscode.ExtensionContext, model: ConnectionsModel, show: ShowTimeline): void {
  const report = (c: LiveConnection, r: Reply, done: string): Reply => {
    if (!TimelinePanel.get(c.config.id)) show(c);
    if (r.ok) vscode.window.setStatusBarMessage(`${c.config.name}: ${done}`, 3000);
    else void vscode.window.showErrorMessage(`WebSocket Lab: ${c.config.name}: ${r.error}`);
    return r;
  };

  // (connection?, text?): the palette passes neither; a keybinding or another extension may pass both.
  registerCommand(context, Commands.sendMessage, async (arg, textArg) => {
    const c = await pickConnection(model, arg, 'Send Message', isOpen);
    if (!c) return undefined;
    const last = c.history[c.history.length - 1];
    const text = typeof textArg === 'string' ? textArg : await vscode.window.showInputBox({
      title: `Send Message to ${c.config.name}`,
      prompt: 'Sent as one text message. {{variables}} from http-client.env.json are filled in.',
      value: last?.format === 'text' ? last.body : '',
      ignoreFocusOut: true,
    });
    if (text === undefined) return undefined;
    return report(c, await c.sendComposer('text', text), 'message sent');
  });

  registerCommand(context, Commands.sendPing, async (arg, payloadArg) => {
    const c = await pickConnection(model, arg, 'Send Ping', isOpen);
    if (!c) return undefined;
    const payload = typeof payloadArg === 'string' ? payloadArg : await vscode.window.showInputBox({
      title: `Send Ping to ${c.config.name}`,
      prompt: `Optional payload (at most ${MAX_PING_PAYLOAD_BYTES} bytes); the pong echoes it back.`,
      placeHolder: 'empty payload',
      validateInput: (v) => (new TextEncoder().encode(v).length > MAX_PING_PAYLOAD_BYTES ? `A ping payload is at most ${MAX_PING_PAYLOAD_BYTES} bytes (RFC 6455 §5.5)` : undefined),
    });
    if (payload === undefined) return undefined;
    return report(c, c.ping(payload), 'ping sent');
  });

  registerCommand(context, Commands.closeConnection, async (arg, codeArg, reasonArg) => {
    const c = await pickConnection(model, arg, 'Close Connection', isOpen);
    if (!c) return undefined;
    const codeText = typeof codeArg === 'number' ? String(codeArg) : await vscode.window.showInputBox({
      title: `Close ${c.config.name}: Close Code`,
      prompt: '1000 is a normal closure; 3000–4999 are for applications.',
      value: '1000',
      validateInput: (v) => {
        if (!/^\d+$/.test(v.trim())) return 'Enter a close code, e.g. 1000';
        const r = validateCloseCodeToSend(Number(v));
        return r.ok ? undefined : r.error;
      },
    });
    if (codeText === undefined) return undefined;
    const code = Number(codeText);
    const reason = typeof reasonArg === 'string' ? reasonArg : await vscode.window.showInputBox({
      title: `Close ${c.config.name}: Reason`,
      prompt: `Optional reason sent with ${code} (${closeCodeName(code)}), at most 123 bytes.`,
      placeHolder: 'no reason',
      validateInput: (v) => {
        const r = validateCloseReason(v);
        return r.ok ? undefined : r.error;
      },
    });
    if (reason === undefined) return undefined;
    return report(c, c.close(code, reason), `closing with ${code}`);
  });
}
