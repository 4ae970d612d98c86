// The message protocol between the extension host and the lesson webview. Messages from the
// webview are validated by `parseLessonMessage`; a lesson may run only websocketLab.* commands.
import type { InferOutput } from 'valibot';
import { lessonWebviewMessage, readMessage } from '../schema/webviewMessages';
import type { Result } from '../result';

export type HostToLesson =
  | { type: 'lesson'; module: number; title: string; html: string; topic?: string; passed: boolean }
  | { type: 'exerciseResult'; exerciseId: string; passed: boolean; message: string };

/** What the lesson webview may send (src/shared/schema/webviewMessages.ts): ready, a command link
 * clicked (the host runs only websocketLab.* commands), a topic scrolled into view (progress). */
export type LessonToHost = InferOutput<typeof lessonWebviewMessage>;

export function parseLessonMessage(raw: unknown): Result<{ message: LessonToHost }> {
  return readMessage(lessonWebviewMessage, raw);
}
