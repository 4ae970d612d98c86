// Lint rules that keep the architecture honest (docs/ARCHITECTURE.md draws the map):
// - only src/panels and src/extension.ts import `vscode`; the rest runs in tests, the CLI and browsers;
// - browser-safe folders (BROWSER_SAFE) never import `ws` or Node built-ins, nor use Buffer;
// - src/recording is sans-I/O: no timers either.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/panels and src/extension.ts may depend on VS Code: put VS Code code in src/panels.' };

const nodeBuiltins = [
  'fs', 'path', 'os', 'child_process', 'net', 'tls', 'http', 'https', 'crypto', 'stream',
  'events', 'util', 'url', 'zlib', 'worker_threads', 'cluster', 'dgram', 'dns', 'readline',
];

const browserOnly = [
  { name: 'ws', message: 'Browser-safe code: no ws import.' },
  ...nodeBuiltins.flatMap((m) => [
    { name: m, message: 'Browser-safe code: no Node built-ins.' },
    { name: `node:${m}`, message: 'Browser-safe code: no Node built-ins.' },
  ]),
];

/** Folders the webview bundles or could: plain data, codecs, the timeline store, small utilities. */
const BROWSER_SAFE = ['media/**/*.ts', 'src/shared/**', 'src/codecs/**', 'src/timeline/**', 'src/util/**', 'src/recording/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '**/*.d.ts', 'bench/results/**', 'bench/.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**', 'bench/**', 'test/**'],
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly',
        __dirname: 'readonly', require: 'readonly', module: 'readonly', performance: 'readonly',
        setImmediate: 'readonly', document: 'readonly', window: 'readonly', WebSocket: 'readonly',
        fetch: 'readonly', URLSearchParams: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly',
      },
    },
  },
  {
    // Only the VS Code layer may import vscode: everything else runs in tests, the CLI and browsers.
    files: ['src/**/*.ts', 'media/**/*.ts'],
    ignores: ['src/panels/**', 'src/extension.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  {
    // Browser-safe folders: the webview bundles them, so no Node built-ins, no ws, no Buffer.
    files: BROWSER_SAFE,
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, ...browserOnly] }],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'Browser-safe code: use Uint8Array and the helpers in src/codecs.' }],
    },
  },
  {
    // The recorder is sans-I/O: observations in, events out. No sockets, no timers, no files.
    files: ['src/recording/**'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'Buffer', message: 'Browser-safe code: use Uint8Array and the helpers in src/codecs.' },
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval'].map((name) => ({ name, message: 'src/recording is sans-I/O: the caller owns timers.' })),
      ],
    },
  },
);
