// One schema per shape. Each file WebSocket Lab reads, and each message a webview sends, is
// described once, here, and everything else is made from that description:
//
//   shape                          schema              types                         checked by
//   .vscode/websocket-lab.json     connections.ts      src/shared/connection.ts      formats/connectionsFile.ts, the Edit Connection form's limits
//   scenario files (*.wsmock.*)    scenario.ts         server/scenario/scenarioTypes scenario.schema.json + ajv (server/scenario/scenarioParser.ts)
//   timeline events / JSONL lines  events.ts           src/shared/events.ts          formats/jsonl.ts
//   webview → host messages        webviewMessages.ts  protocol/timeline.ts, lesson  parseWebviewMessage, parseLessonMessage
//
// and the JSON Schema VS Code completes and checks our files with (jsonSchema.ts → written by
// esbuild.mjs into dist/websocket-lab.schema.json and src/server/scenario/scenario.schema.json).
//
// Why valibot, rather than JSON Schema with generated types and ajv, or TypeBox:
// - Types come straight from the schema (`InferOutput`), with no generated files to keep in step.
// - Its checks are plain functions: no code generated at run time, so they run under the webview's
//   CSP (no 'unsafe-eval') and cost nothing to set up on activation. TypeBox's non-compiling
//   checker (Value.Check/Errors) is about 70 KiB minified; ajv compiles with `new Function`, and
//   precompiling it for every shape would put generated code in the activation bundle and a build
//   step in front of every tool that loads src/. valibot is modular: dist/extension.js carries only
//   the functions it uses, about 10 KiB minified.
// - It does what our readers need without extra code: unknown fields dropped (`v.object`), defaults
//   filled in (`v.optional(schema, default)`), one schema per message type (`v.variant`).
// - @valibot/to-json-schema makes the JSON Schema for the editor at build time (a devDependency),
//   descriptions, defaults and ranges included, so what the editor flags is what the reader refuses.
// Scenario files are checked differently, on purpose: for them the JSON Schema made from scenario.ts
// is the contract the editor and the mock server share, so the server checks files against exactly
// that, with ajv (whose errors carry the schema, for the "did you mean" hints). ajv's code is
// generated at build time (esbuild.mjs) and lives in the lazy dist/server.js.
//
// Messages for people are worded from the schema of the field that failed (problems.ts): a range, a
// unit, a list of choices, or a `notes({ what })` next to the checks it describes.
// Everything in this folder is browser-safe; jsonSchema.ts runs at build time only.
export { check, describe, notes, notesOf, pathText, rangeOf, schemaAt, show, type Notes, type Path, type Problem } from './problems';
export type { JsonValue } from './json';
