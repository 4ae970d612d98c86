// The id a lesson heading gets, so the Lessons view can jump to a topic by its title.
// No imports and no Node APIs: the lesson webview (a browser) can compute the same id.

/** Lower-case words joined by dashes: "WebSocket vs HTTP/2 and HTTP/3" -> "websocket-vs-http-2-and-http-3". */
export function headingSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}
