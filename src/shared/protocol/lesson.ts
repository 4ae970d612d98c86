// The message protocol between the extension host and the lesson webview. Messages from the
// webview are validated by `parseLessonMessage`; a lesson may run only websocketLab.* commands.

export type HostToLesson =
  | { type: 'lesson'; module: number; title: string; html: string; topic?: string; passed: boolean }
  | { type: 'exerciseResult'; exerciseId: string; passed: boolean; message: string };

export type LessonToHost =
  | { type: 'ready' }
  /** A command link in the lesson was clicked; the host runs only websocketLab.* commands. */
  | { type: 'command'; command: string; args: unknown[] }
  /** The learner scrolled a topic into view (progress). */
  | { type: 'topicVisible'; topic: string };

/** Length of the value as JSON; Infinity when it is not JSON (a BigInt, a cycle). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? Infinity;
  } catch {
    return Infinity;
  }
}

export function parseLessonMessage(raw: unknown): { ok: true; message: LessonToHost } | { ok: false; error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'message is not an object' };
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'command':
      if (typeof m.command !== 'string' || !/^websocketLab\.[A-Za-z]+$/.test(m.command)) return { ok: false, error: 'command: only websocketLab.* commands may be run from a lesson' };
      if (!Array.isArray(m.args) || m.args.length > 4 || jsonLength(m.args) > 1000) return { ok: false, error: 'command: args must be a short array' };
      return { ok: true, message: { type: 'command', command: m.command, args: m.args } };
    case 'topicVisible':
      return typeof m.topic === 'string' && m.topic.length <= 200 ? { ok: true, message: { type: 'topicVisible', topic: m.topic } } : { ok: false, error: 'topicVisible: topic must be a short string' };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(m.type)}` };
  }
}
