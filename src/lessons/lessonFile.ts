// Reads one lesson file (media/lessons/NN-slug.md) into its structure: module title, topic
// sections, Try-it exercises and runnable code blocks, and checks it against the syllabus.
// It walks markdown-it tokens rather than raw lines, so a `## ` or `# ` inside a code fence is
// code, not a heading.

import MarkdownIt, { type Token } from 'markdown-it';
import { parseCommandLink } from './commandLink';
import { EXERCISE_IDS } from './exercises';
import { parseFenceInfo, type RunnableKind } from './fenceInfo';
import { moduleKey, type SyllabusModule } from './syllabus';

export interface LessonTopic {
  /** The `##` heading text as written in the file. */
  title: string;
  /** 1-based line of the heading. */
  line: number;
}

export interface LessonTryIt {
  /** Exercise id from the Start link, e.g. "m05"; undefined when the section has no Start link. */
  exerciseId: string | undefined;
  title: string;
  line: number;
  /** Exercise id of the Check link, when there is one. */
  checkExerciseId: string | undefined;
  hasExpectedOutcome: boolean;
}

export interface RunnableBlock {
  kind: RunnableKind;
  /** undefined when the fence forgot `scenario=`: the block cannot be run. */
  scenario: string | undefined;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export interface Lesson {
  fileName: string;
  /** Module number from the `# Module N: Title` line; undefined when that line is missing or malformed. */
  module: number | undefined;
  title: string;
  topics: LessonTopic[];
  tryIts: LessonTryIt[];
  runnableBlocks: RunnableBlock[];
  /** Structural problems found while reading (e.g. no `# Module N:` title), as "file:line: text". */
  problems: string[];
}

const MODULE_TITLE = /^Module\s+(\d+)\s*:\s*(.+)$/;
const TRY_IT = /^Try it:\s*(.*)$/;
const EXPECTED_OUTCOME = /(^|\n)\s*\*\*Expected outcome:\*\*/;


const parser = new MarkdownIt({ html: false });

const lineOf = (token: Token): number => (token.map ? token.map[0] + 1 : 0);

export function parseLesson(markdown: string, fileName: string): Lesson {
  const lesson: Lesson = { fileName, module: undefined, title: '', topics: [], tryIts: [], runnableBlocks: [], problems: [] };
  const where = (line: number) => `${fileName}:${line}`;
  const tokens = parser.parse(markdown, {});
  let sawTitle = false;
  // The Try-it section currently open, and the heading level that ends it.
  let tryIt: { entry: LessonTryIt; level: number } | undefined;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open') {
      const level = Number(token.tag.slice(1));
      const text = (tokens[i + 1]?.content ?? '').trim();
      const line = lineOf(token);
      if (tryIt && level <= tryIt.level) tryIt = undefined;
      if (level === 1) {
        if (sawTitle) {
          lesson.problems.push(`${where(line)}: a second "# " title "${text}"; use "## " for topics`);
          continue;
        }
        sawTitle = true;
        const m = MODULE_TITLE.exec(text);
        if (m) {
          lesson.module = Number(m[1]);
          lesson.title = m[2].trim();
        } else {
          lesson.problems.push(`${where(line)}: the title "# ${text}" should read "# Module N: <module title>"`);
        }
      } else if (level === 2) {
        lesson.topics.push({ title: text, line });
      } else {
        const t = TRY_IT.exec(text);
        if (t) {
          const entry: LessonTryIt = { exerciseId: undefined, title: t[1].trim(), line, checkExerciseId: undefined, hasExpectedOutcome: false };
          lesson.tryIts.push(entry);
          tryIt = { entry, level };
        }
      }
      continue;
    }
    if (token.type === 'inline' && tryIt) {
      readTryItInline(token, tryIt.entry);
      continue;
    }
    if (token.type === 'fence') {
      const info = parseFenceInfo(token.info);
      if (info.runnable) {
        lesson.runnableBlocks.push({ kind: info.runnable, scenario: info.scenario, code: token.content, line: lineOf(token) });
      }
    }
  }
  if (!sawTitle) lesson.problems.push(`${fileName}: no "# Module N: <module title>" title`);
  return lesson;
}

function readTryItInline(inline: Token, entry: LessonTryIt): void {
  if (EXPECTED_OUTCOME.test(inline.content)) entry.hasExpectedOutcome = true;
  for (const child of inline.children ?? []) {
    if (child.type !== 'link_open') continue;
    const link = parseCommandLink(String(child.attrGet('href') ?? ''));
    const id = typeof link?.args[0] === 'string' ? link.args[0] : undefined;
    if (link?.command === 'websocketLab.startExercise' && entry.exerciseId === undefined) entry.exerciseId = id;
    if (link?.command === 'websocketLab.checkExercise' && entry.checkExerciseId === undefined) entry.checkExerciseId = id;
  }
}

/**
 * Everything wrong with a lesson compared with its syllabus module, one readable line each
 * ("file:line: what is wrong"). An empty list means the lesson is complete.
 */
export function checkLessonAgainstSyllabus(
  lesson: Lesson,
  module: SyllabusModule,
  knownExerciseIds: readonly string[] = EXERCISE_IDS,
): string[] {
  return [...lesson.problems, ...topicProblems(lesson, module), ...tryItProblems(lesson, module, knownExerciseIds), ...runnableProblems(lesson)];
}

/** The title and the `## ` sections against the module's title and topics. */
export function topicProblems(lesson: Lesson, module: SyllabusModule): string[] {
  const file = lesson.fileName;
  const problems: string[] = [];
  if (lesson.module !== undefined && lesson.module !== module.number) {
    problems.push(`${file}: the title says Module ${lesson.module} but the file is for Module ${module.number}`);
  } else if (lesson.module !== undefined && lesson.title !== module.title) {
    problems.push(`${file}: the title "${lesson.title}" differs from the syllabus title "${module.title}"`);
  }
  const seen = new Map<string, number>();
  for (const topic of lesson.topics) {
    if (!module.topics.includes(topic.title)) {
      problems.push(`${file}:${topic.line}: heading "## ${topic.title}" is not a syllabus topic of Module ${module.number}`);
    } else if (seen.has(topic.title)) {
      problems.push(`${file}:${topic.line}: topic "${topic.title}" appears twice (first at line ${seen.get(topic.title)})`);
    } else {
      seen.set(topic.title, topic.line);
    }
  }
  for (const topic of module.topics) {
    if (!seen.has(topic)) problems.push(`${file}: topic "${topic}" missing (expected a "## ${topic}" heading)`);
  }
  return problems;
}

/** Runnable blocks must say which mock scenario they run against. */
export function runnableProblems(lesson: Lesson): string[] {
  return lesson.runnableBlocks
    .filter((block) => block.scenario === undefined)
    .map((block) => `${lesson.fileName}:${block.line}: runnable block without scenario (add scenario=<name> to the fence)`);
}

/** Try-it sections: a Start and a Check link for a known exercise, an expected outcome, this module's exercise present. */
export function tryItProblems(lesson: Lesson, module: SyllabusModule, knownExerciseIds: readonly string[] = EXERCISE_IDS): string[] {
  const file = lesson.fileName;
  const ownId = `m${moduleKey(module.number)}`;
  if (lesson.tryIts.length === 0) return [`${file}: no Try it (expected a "### Try it: <title>" section starting ${ownId})`];
  const problems: string[] = [];
  for (const t of lesson.tryIts) {
    const at = `${file}:${t.line}: Try it "${t.title}"`;
    if (t.exerciseId === undefined) problems.push(`${at} has no Start link (command:websocketLab.startExercise)`);
    else if (!knownExerciseIds.includes(t.exerciseId)) problems.push(`${at}: unknown exercise id "${t.exerciseId}"`);
    if (t.checkExerciseId === undefined) problems.push(`${at} has no Check link (command:websocketLab.checkExercise)`);
    else if (t.exerciseId !== undefined && t.checkExerciseId !== t.exerciseId) {
      problems.push(`${at}: the Check link checks "${t.checkExerciseId}" but the Start link starts "${t.exerciseId}"`);
    }
    if (!t.hasExpectedOutcome) problems.push(`${at} has no "**Expected outcome:**" line`);
  }
  if (!lesson.tryIts.some((t) => t.exerciseId === ownId)) {
    problems.push(`${file}: no Try it starts this module's exercise ${ownId}`);
  }
  return problems;
}
