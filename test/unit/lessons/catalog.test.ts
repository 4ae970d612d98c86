import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/lessons/catalog';
import { commandHref } from '../../../src/lessons/commandLink';

const ROOT = path.join(path.sep, 'ext');
const SYLLABUS = '# Syllabus\n\n## Module 1: Basics\n\n- What are WebSockets\n\n## Module 2: Protocol\n\n- HTTP upgrade mechanism\n';
const lesson1 = [
  '# Module 1: Basics',
  '## What are WebSockets',
  '### Try it: Echo',
  `[▶ Start the exercise](${commandHref('websocketLab.startExercise', ['m01'])}) [✓ Check my work](${commandHref('websocketLab.checkExercise', ['m01'])})`,
  '',
  '**Expected outcome:** it echoes.',
].join('\n');

/** An in-memory extension folder: relative path -> text. */
function files(tree: Record<string, string>) {
  const abs = (rel: string) => path.join(ROOT, rel);
  const readText = (p: string) => {
    const hit = Object.keys(tree).find((rel) => abs(rel) === p);
    if (hit === undefined) throw new Error(`ENOENT: ${p}`);
    return tree[hit];
  };
  const listDir = (p: string) => {
    const names = Object.keys(tree).filter((rel) => path.dirname(abs(rel)) === p).map((rel) => path.basename(rel));
    if (names.length === 0) throw new Error(`ENOENT: ${p}`);
    return names;
  };
  return { readText, listDir };
}

describe('loadCatalog', () => {
  it('matches lesson files to syllabus modules and reports a missing one', () => {
    const fs = files({ 'docs/syllabus.md': SYLLABUS, 'media/lessons/01-basics.md': lesson1, 'media/lessons/img/x.png': '' });
    const catalog = loadCatalog(fs.readText, ROOT, fs.listDir);
    expect(catalog.modules.map((m) => [m.module.number, m.file])).toEqual([[1, 'media/lessons/01-basics.md'], [2, undefined]]);
    expect(catalog.modules[0].lesson?.topics).toEqual([{ title: 'What are WebSockets', line: 2 }]);
    expect(catalog.modules[0].problems).toEqual([]);
    expect(catalog.problems).toEqual(['media/lessons/02-<slug>.md: lesson file for Module 2 (Protocol) is missing']);
  });

  it('reports badly named, duplicate and unknown-module lesson files', () => {
    const fs = files({
      'docs/syllabus.md': SYLLABUS,
      'media/lessons/01-basics.md': lesson1,
      'media/lessons/01-basics-again.md': lesson1,
      'media/lessons/1-basics.md': lesson1,
      'media/lessons/09-security.md': '# Module 9: Security\n',
    });
    const problems = loadCatalog(fs.readText, ROOT, fs.listDir).problems;
    expect(problems).toContain('media/lessons/1-basics.md: not a lesson file name (expected NN-slug.md, e.g. 05-websocket-events.md)');
    expect(problems).toContain('media/lessons/01-basics.md: a second lesson for Module 1 (the first is media/lessons/01-basics-again.md)');
    expect(problems).toContain('media/lessons/09-security.md: the syllabus has no Module 9');
  });

  it('a missing syllabus or lessons folder is a problem, not an exception', () => {
    const catalog = loadCatalog(() => { throw new Error('ENOENT'); }, ROOT, () => { throw new Error('ENOENT'); });
    expect(catalog.modules).toEqual([]);
    expect(catalog.problems).toEqual(['cannot read docs/syllabus.md: ENOENT', 'cannot list media/lessons: ENOENT']);
  });

  it('a lesson that fails to read is reported against its module', () => {
    const fs = files({ 'docs/syllabus.md': SYLLABUS, 'media/lessons/01-basics.md': lesson1 });
    const readText = (p: string) => (p.endsWith('01-basics.md') ? (() => { throw new Error('EACCES'); })() : fs.readText(p));
    const catalog = loadCatalog(readText, ROOT, fs.listDir);
    expect(catalog.modules[0]).toMatchObject({ file: 'media/lessons/01-basics.md', lesson: undefined, problems: ['media/lessons/01-basics.md: cannot be read: EACCES'] });
  });
});
