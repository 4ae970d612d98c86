// The lessons must cover the syllabus exactly: every module has its lesson file, every topic its
// `## ` section, no lesson invents topics, and every module has a Try it for a known exercise.
// Each failing test lists every problem with its file (and line), so it says precisely what to fix.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/lessons/catalog';
import { runnableProblems, topicProblems, tryItProblems } from '../../../src/lessons/lessonFile';
import { moduleKey } from '../../../src/lessons/syllabus';

const repoRoot = path.resolve(__dirname, '../../..');
const catalog = loadCatalog((p) => readFileSync(p, 'utf8'), repoRoot, (p) => readdirSync(p));

describe('lessons cover the syllabus', () => {
  it('the syllabus has 27 modules and 227 topics', () => {
    expect(catalog.modules).toHaveLength(27);
    expect(catalog.modules.reduce((n, m) => n + m.module.topics.length, 0)).toBe(227);
  });

  it('every file in media/lessons is a lesson for a syllabus module, one per module', () => {
    const perModule = new Set(catalog.modules.flatMap((m) => m.problems));
    expect(catalog.problems.filter((p) => !perModule.has(p))).toEqual([]);
  });

  for (const { module, file, lesson } of catalog.modules) {
    const missingFile = `media/lessons/${moduleKey(module.number)}-<slug>.md is missing`;

    describe(`Module ${module.number}: ${module.title}`, () => {
      it('has a lesson file', () => {
        expect(file ?? missingFile).toMatch(/^media\/lessons\/\d\d-[a-z0-9-]+\.md$/);
      });

      it(`has its title and a "## " section for each of its ${module.topics.length} topics, and no other "## " sections`, () => {
        const problems = lesson
          ? [...lesson.problems, ...topicProblems(lesson, module)]
          : [missingFile, ...module.topics.map((t) => `topic "${t}" missing`)];
        expect(problems).toEqual([]);
      });

      it(`has a Try it that starts and checks a known exercise (m${moduleKey(module.number)})`, () => {
        expect(lesson ? tryItProblems(lesson, module) : [missingFile]).toEqual([]);
      });

      it('names a scenario on every runnable block', () => {
        expect(lesson ? runnableProblems(lesson) : []).toEqual([]);
      });
    });
  }
});
