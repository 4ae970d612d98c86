import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleKey, parseSyllabus } from '../../../src/lessons/syllabus';

const repoRoot = path.resolve(__dirname, '../../..');

describe('parseSyllabus', () => {
  it('reads modules and their topics, keeping topic text exactly as written', () => {
    const modules = parseSyllabus([
      '# Syllabus',
      '',
      '## Module 1: WebSocket Fundamentals',
      '',
      '- What are WebSockets',
      '- WebSocket vs Server-Sent Events (SSE)',
      '',
      '## Module 2: WebSocket Protocol',
      '- WebSocket URI schemes (ws:// and wss://)',
    ].join('\n'));
    expect(modules).toEqual([
      { number: 1, title: 'WebSocket Fundamentals', topics: ['What are WebSockets', 'WebSocket vs Server-Sent Events (SSE)'] },
      { number: 2, title: 'WebSocket Protocol', topics: ['WebSocket URI schemes (ws:// and wss://)'] },
    ]);
  });

  it('ignores list items before the first module and reads CRLF files', () => {
    expect(parseSyllabus('- stray\r\n## Module 3: Frames\r\n- Opcode types\r\n')).toEqual([{ number: 3, title: 'Frames', topics: ['Opcode types'] }]);
  });

  it('the project syllabus has 27 modules and 227 topics, numbered 1..27', () => {
    const modules = parseSyllabus(readFileSync(path.join(repoRoot, 'docs/syllabus.md'), 'utf8'));
    expect(modules.map((m) => m.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(modules.reduce((n, m) => n + m.topics.length, 0)).toBe(227);
    expect(modules[3]).toMatchObject({ title: 'Client-Side WebSocket API' });
    expect(modules[3].topics).toContain('binaryType property (blob vs arraybuffer)');
  });

  it('module keys are two digits, as in lesson file names', () => {
    expect([moduleKey(1), moduleKey(27)]).toEqual(['01', '27']);
  });
});
