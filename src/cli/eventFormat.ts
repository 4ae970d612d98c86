// One line per timeline event for the CLI: time, client, kind, short summary.

import type { NewTimelineEvent } from '../shared/events';

const MAX_DATA = 120;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_DATA ? `${oneLine.slice(0, MAX_DATA)}…` : oneLine;
}

function summary(e: NewTimelineEvent): string {
  switch (e.kind) {
    case 'message':
      return `${e.dir} ${e.opcode} ${e.size}B ${e.encoding === 'utf8' ? clip(e.data) : `(base64) ${clip(e.data)}`}`;
    case 'client':
      return `${e.action}${e.remote ? ` ${e.remote}` : ''}${e.detail ? ` ${e.detail}` : ''}`;
    case 'close':
      return `${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''} (by ${e.initiator}${e.wasClean ? '' : ', not clean'})`;
    case 'close-sent':
      return `${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''}`;
    case 'ping':
    case 'pong':
      return `${e.dir} ${e.size}B${e.kind === 'pong' && e.rttMs !== undefined ? ` rtt ${e.rttMs}ms` : ''}`;
    case 'error':
      return `${e.category}: ${e.message}`;
    case 'info':
      return e.message;
    default:
      return clip(JSON.stringify(e));
  }
}

export function formatEventLine(e: NewTimelineEvent): string {
  const time = new Date(e.time).toISOString().slice(11, 23);
  const client = 'clientId' in e && e.clientId ? e.clientId : '-';
  return `${time} ${client.padEnd(4)} ${e.kind.padEnd(10)} ${summary(e)}`;
}
