// Lessons drive the extension through `command:` links, e.g.
//   [▶ Start the exercise](command:websocketLab.startExercise?%5B%22m05%22%5D)
// VS Code's convention: the query is a URL-encoded JSON array of arguments.
// Both the lesson checker and the renderer read links through this one parser so they agree on
// what a valid link is.

export interface CommandLink {
  command: string;
  args: unknown[];
}

/** Only our own commands may be run from lesson text; a lesson must not reach other extensions. */
// Same rule as the host applies (parseLessonMessage): our command ids are letters only.
const OUR_COMMAND = /^websocketLab\.[A-Za-z]+$/;

/**
 * Parses `command:websocketLab.x?<encoded JSON array>`.
 * Returns undefined for anything else: other commands, malformed encoding, non-array arguments.
 */
export function parseCommandLink(href: string): CommandLink | undefined {
  if (!href.startsWith('command:')) return undefined;
  const rest = href.slice('command:'.length);
  const q = rest.indexOf('?');
  const command = q < 0 ? rest : rest.slice(0, q);
  if (!OUR_COMMAND.test(command)) return undefined;
  if (q < 0) return { command, args: [] };
  try {
    const args: unknown = JSON.parse(decodeURIComponent(rest.slice(q + 1)));
    return Array.isArray(args) ? { command, args } : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the link a lesson uses; the inverse of parseCommandLink (handy for writers and tests). */
export function commandHref(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
