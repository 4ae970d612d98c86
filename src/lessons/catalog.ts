// The lesson catalog: the syllabus plus every lesson file, matched by module number.
// File access is passed in (the VS Code adapter and the tests hand over fs readers), which keeps
// this module free of VS Code and easy to test with in-memory files.

import * as path from 'node:path';
import { checkLessonAgainstSyllabus, parseLesson, type Lesson } from './lessonFile';
import { moduleKey, parseSyllabus, type SyllabusModule } from './syllabus';

export const SYLLABUS_PATH = 'docs/syllabus.md';
export const LESSONS_DIR = 'media/lessons';

/** NN-slug.md, e.g. 05-websocket-events.md. */
const LESSON_FILE = /^(\d{2})-[a-z0-9][a-z0-9-]*\.md$/;

export interface CatalogModule {
  module: SyllabusModule;
  /** Path relative to the root, e.g. "media/lessons/05-websocket-events.md"; undefined when missing. */
  file: string | undefined;
  lesson: Lesson | undefined;
  /** What is wrong with this module's lesson (empty when complete). */
  problems: string[];
}

export interface Catalog {
  modules: CatalogModule[];
  /** Every problem, modules' included, one line each. */
  problems: string[];
}

export type ReadText = (absolutePath: string) => string;
export type ListDir = (absolutePath: string) => string[];

export function loadCatalog(readText: ReadText, root: string, listDir: ListDir): Catalog {
  const problems: string[] = [];
  const attempt = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };

  const syllabusText = attempt(`cannot read ${SYLLABUS_PATH}`, () => readText(path.join(root, SYLLABUS_PATH)));
  const syllabus = syllabusText === undefined ? [] : parseSyllabus(syllabusText);
  if (syllabusText !== undefined && syllabus.length === 0) problems.push(`${SYLLABUS_PATH}: no "## Module N: Title" headings`);

  const files = new Map<number, string>();
  const names = attempt(`cannot list ${LESSONS_DIR}`, () => listDir(path.join(root, LESSONS_DIR))) ?? [];
  for (const name of [...names].sort()) {
    if (!name.endsWith('.md')) continue;
    const m = LESSON_FILE.exec(name);
    const rel = `${LESSONS_DIR}/${name}`;
    if (!m) {
      problems.push(`${rel}: not a lesson file name (expected NN-slug.md, e.g. 05-websocket-events.md)`);
      continue;
    }
    const n = Number(m[1]);
    if (files.has(n)) problems.push(`${rel}: a second lesson for Module ${n} (the first is ${files.get(n)})`);
    else if (!syllabus.some((s) => s.number === n)) problems.push(`${rel}: the syllabus has no Module ${n}`);
    else files.set(n, rel);
  }

  const modules = syllabus.map((module): CatalogModule => {
    const file = files.get(module.number);
    if (!file) {
      const problem = `${LESSONS_DIR}/${moduleKey(module.number)}-<slug>.md: lesson file for Module ${module.number} (${module.title}) is missing`;
      return { module, file: undefined, lesson: undefined, problems: [problem] };
    }
    let text: string;
    try {
      text = readText(path.join(root, file));
    } catch (err) {
      const problem = `${file}: cannot be read: ${err instanceof Error ? err.message : String(err)}`;
      return { module, file, lesson: undefined, problems: [problem] };
    }
    const lesson = parseLesson(text, file);
    return { module, file, lesson, problems: checkLessonAgainstSyllabus(lesson, module) };
  });

  for (const m of modules) problems.push(...m.problems);
  return { modules, problems };
}
