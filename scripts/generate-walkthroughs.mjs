// Writes `contributes.walkthroughs` in package.json from the syllabus and the lesson files:
// the "Get started" walkthrough plus one walkthrough per track of modules.
// Run after adding or renaming a lesson; test/unit/walkthroughs.test.ts checks the result.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

export const TRACKS = [
  { id: 'protocol', title: 'WebSocket Lab: the protocol', description: 'What WebSockets are, the handshake, frames, subprotocols, extensions and the standards.', modules: [1, 2, 3, 12, 13, 24] },
  { id: 'client', title: 'WebSocket Lab: client API and reliability', description: 'The browser API, events, sending data, connection management, reconnection and mobile clients.', modules: [4, 5, 6, 7, 8, 16, 25] },
  { id: 'security', title: 'WebSocket Lab: security and production', description: 'Security, error handling, monitoring and production deployment.', modules: [9, 17, 20, 21] },
  { id: 'servers', title: 'WebSocket Lab: servers and scaling', description: 'Servers in Node and other platforms, scaling, performance, testing, alternatives and architectures.', modules: [10, 11, 14, 18, 19, 22, 23] },
  { id: 'patterns', title: 'WebSocket Lab: patterns and projects', description: 'Message patterns, real-world use cases and ten complete projects.', modules: [15, 26, 27] },
];

const syllabus = readFileSync('docs/syllabus.md', 'utf8');
const titles = new Map([...syllabus.matchAll(/^## Module (\d+): (.+)$/gm)].map((m) => [Number(m[1]), m[2].trim()]));
const files = readdirSync('media/lessons').filter((f) => /^\d{2}-.*\.md$/.test(f));
const fileFor = (n) => files.find((f) => f.startsWith(String(n).padStart(2, '0') + '-'));
const enc = (v) => encodeURIComponent(JSON.stringify(v));

const gettingStarted = {
  id: 'getStarted',
  title: 'Get started with WebSocket Lab',
  description: 'Start a mock server, connect, send a message, read the handshake, ping and close: six steps, five minutes.',
  steps: [
    { id: 'startServer', title: 'Start a mock server', description: `A real WebSocket echo server on 127.0.0.1, one command away.\n[Start the echo server](command:websocketLab.startMockServer?${enc(['echo'])})`, media: { markdown: 'media/walkthroughs/get-started.md' }, completionEvents: ['onCommand:websocketLab.startMockServer'] },
    { id: 'connect', title: 'Connect to it', description: `Create a connection to the echo server: WebSocket Lab opens its timeline and connects.\n[Connect](command:websocketLab.gettingStartedConnect)`, media: { markdown: 'media/walkthroughs/get-started.md' }, completionEvents: ['onContext:websocketLab.gs.connected'] },
    { id: 'send', title: 'Send a message', description: 'Type hello in the composer and press Ctrl+Enter (Cmd+Enter on macOS). The echo comes straight back.', media: { markdown: 'media/walkthroughs/get-started.md' }, completionEvents: ['onContext:websocketLab.gs.echoed'] },
    { id: 'handshake', title: 'Read the handshake', description: 'Expand the handshake rows: the HTTP Upgrade request, the 101 response and the Sec-WebSocket-Accept check.', media: { markdown: 'media/walkthroughs/get-started.md' }, completionEvents: ['onContext:websocketLab.gs.handshake'] },
    { id: 'ping', title: 'Send a ping', description: 'Click Ping: the server answers with a pong and the timeline shows the round-trip time.', media: { markdown: 'media/walkthroughs/get-started.md' }, completionEvents: ['onContext:websocketLab.gs.pong'] },
    { id: 'close', title: 'Close the connection', description: 'Close with code 1000 (or 4000 and a reason): both close frames appear with the code\'s RFC name.', media: { markdown: 'media/walkthroughs/get-started.md' }, completionEvents: ['onContext:websocketLab.gs.closed'] },
  ],
};

const tracks = TRACKS.map((t) => ({
  id: `track-${t.id}`,
  title: t.title,
  description: t.description,
  steps: t.modules.map((n) => {
    const id = `m${String(n).padStart(2, '0')}`;
    const file = fileFor(n);
    if (!file) throw new Error(`no lesson file for module ${n}`);
    return {
      id: `module-${n}`,
      title: `${n}. ${titles.get(n)}`,
      description: `[Open the lesson](command:websocketLab.openLesson?${enc([n])}) · [Start the exercise](command:websocketLab.startExercise?${enc([id])})\nDone when the module's exercise check passes.`,
      media: { markdown: `media/walkthroughs/track-${t.id}.md` },
      completionEvents: [`onContext:websocketLab.exercise.${id}.passed`],
    };
  }),
}));

// One markdown page per track (steps of a track share it): what each module teaches and its
// exercise, taken from the lesson files themselves.
for (const t of TRACKS) {
  const heading = t.title.replace('WebSocket Lab: ', '');
  const lines = [`# ${heading[0].toUpperCase()}${heading.slice(1)}`, '', t.description, ''];
  for (const n of t.modules) {
    const text = readFileSync(`media/lessons/${fileFor(n)}`, 'utf8');
    const intro = text.split('\n').slice(1).find((l) => l.trim() && !l.startsWith('#')) ?? '';
    const tryIt = /^### Try it: (.+)$/m.exec(text)?.[1] ?? 'hands-on exercise';
    const found = /^\*\*Expected outcome:\*\*\s*(.+)$/m.exec(text)?.[1] ?? '';
    const outcome = found ? `${found[0].toUpperCase()}${found.slice(1)}` : '';
    lines.push(`## ${n}. ${titles.get(n)}`, '', intro.trim(), '', `**Try it: ${tryIt}.** ${outcome}`, '');
  }
  writeFileSync(`media/walkthroughs/track-${t.id}.md`, lines.join('\n'));
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.walkthroughs = [gettingStarted, ...tracks];
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`wrote ${1 + tracks.length} walkthroughs`);
