import { describe, expect, it } from 'vitest';
import { checkLessonAgainstSyllabus, parseLesson } from '../../../src/lessons/lessonFile';
import { commandHref } from '../../../src/lessons/commandLink';
import type { SyllabusModule } from '../../../src/lessons/syllabus';

const FENCE = '```';
const start = (id: string) => `[▶ Start the exercise](${commandHref('websocketLab.startExercise', [id])})`;
const check = (id: string) => `[✓ Check my work](${commandHref('websocketLab.checkExercise', [id])})`;

const module5: SyllabusModule = { number: 5, title: 'WebSocket Events', topics: ['onopen event', 'onclose event', 'CloseEvent codes and reasons'] };

const goodLesson = [
  '# Module 5: WebSocket Events', // line 1
  '',
  'Events tell you what the connection did.',
  '',
  '## onopen event', // 5
  '',
  `${FENCE}js runnable scenario=echo`, // 7
  '# this is a comment in a shell-ish example, not a heading',
  '## neither is this',
  'const ws = new WebSocket(WS_URL);',
  FENCE,
  '',
  '## onclose event', // 13
  '',
  '### Try it: Close with your own code', // 15
  '',
  `${start('m05')} then ${check('m05')}`,
  '',
  '**Expected outcome:** the close event shows code 4000.',
  '',
  '## CloseEvent codes and reasons', // 21
  '',
  `${FENCE}js runnable-browser scenario=close-codes`, // 23
  'await new Promise((r) => setTimeout(r, 10));',
  FENCE,
].join('\n');

describe('parseLesson', () => {
  const lesson = parseLesson(goodLesson, '05-websocket-events.md');

  it('reads the module number and title from the first line', () => {
    expect(lesson).toMatchObject({ fileName: '05-websocket-events.md', module: 5, title: 'WebSocket Events', problems: [] });
  });

  it('lists ## topics with their lines, ignoring # and ## inside code fences', () => {
    expect(lesson.topics).toEqual([
      { title: 'onopen event', line: 5 },
      { title: 'onclose event', line: 13 },
      { title: 'CloseEvent codes and reasons', line: 21 },
    ]);
  });

  it('finds the Try it with its exercise id, check link and expected outcome', () => {
    expect(lesson.tryIts).toEqual([
      { exerciseId: 'm05', title: 'Close with your own code', line: 15, checkExerciseId: 'm05', hasExpectedOutcome: true },
    ]);
  });

  it('collects runnable blocks with kind, scenario, code and fence line', () => {
    expect(lesson.runnableBlocks).toEqual([
      { kind: 'node', scenario: 'echo', line: 7, code: expect.stringContaining('new WebSocket(WS_URL)') },
      { kind: 'browser', scenario: 'close-codes', line: 23, code: 'await new Promise((r) => setTimeout(r, 10));\n' },
    ]);
  });

  it('plain code fences are not runnable', () => {
    expect(parseLesson(`# Module 1: X\n\n${FENCE}js\nconsole.log(1)\n${FENCE}\n`, 'x.md').runnableBlocks).toEqual([]);
  });

  it('a missing or malformed title is reported with its line', () => {
    expect(parseLesson('## onopen event\n', 'a.md').problems).toEqual(['a.md: no "# Module N: <module title>" title']);
    expect(parseLesson('# Events\n', 'b.md').problems).toEqual(['b.md:1: the title "# Events" should read "# Module N: <module title>"']);
    expect(parseLesson('# Module 5: WebSocket Events\n\n# Another\n', 'c.md').problems).toEqual([
      'c.md:3: a second "# " title "Another"; use "## " for topics',
    ]);
  });

  it('a Try it ends at the next heading of its level: later links do not belong to it', () => {
    const l = parseLesson(`# Module 5: E\n\n### Try it: A\n\ntext\n\n### Other\n\n${start('m05')}\n`, 'd.md');
    expect(l.tryIts).toEqual([{ exerciseId: undefined, title: 'A', line: 3, checkExerciseId: undefined, hasExpectedOutcome: false }]);
  });
});

describe('checkLessonAgainstSyllabus', () => {
  it('a complete lesson has no problems', () => {
    const lesson = parseLesson(goodLesson.replace('scenario=close-codes', 'scenario=echo'), '05-websocket-events.md');
    expect(checkLessonAgainstSyllabus(lesson, module5)).toEqual([]);
  });

  it('lists every problem: missing topic, stray heading, bad exercise id, block without scenario', () => {
    const text = [
      '# Module 5: WebSocket Events',
      '## onopen event',
      '## OnClose Event', // 3: wrong case is not the syllabus topic
      '### Try it: Something',
      `${start('m99')} ${check('m99')}`,
      '**Expected outcome:** something.',
      `${FENCE}js runnable`, // 7
      'x',
      FENCE,
    ].join('\n');
    expect(checkLessonAgainstSyllabus(parseLesson(text, 'f.md'), module5)).toEqual([
      'f.md:3: heading "## OnClose Event" is not a syllabus topic of Module 5',
      'f.md: topic "onclose event" missing (expected a "## onclose event" heading)',
      'f.md: topic "CloseEvent codes and reasons" missing (expected a "## CloseEvent codes and reasons" heading)',
      'f.md:4: Try it "Something": unknown exercise id "m99"',
      "f.md: no Try it starts this module's exercise m05",
      'f.md:7: runnable block without scenario (add scenario=<name> to the fence)',
    ]);
  });

  it('a lesson without any Try it says so', () => {
    const lesson = parseLesson('# Module 5: WebSocket Events\n## onopen event\n## onclose event\n## CloseEvent codes and reasons\n', 'g.md');
    expect(checkLessonAgainstSyllabus(lesson, module5)).toEqual(['g.md: no Try it (expected a "### Try it: <title>" section starting m05)']);
  });

  it('a Try it without check link or expected outcome, and a wrong title, are reported', () => {
    const text = `# Module 5: Events\n## onopen event\n## onclose event\n## CloseEvent codes and reasons\n### Try it: T\n${start('m05')}\n`;
    expect(checkLessonAgainstSyllabus(parseLesson(text, 'h.md'), module5)).toEqual([
      'h.md: the title "Events" differs from the syllabus title "WebSocket Events"',
      'h.md:5: Try it "T" has no Check link (command:websocketLab.checkExercise)',
      'h.md:5: Try it "T" has no "**Expected outcome:**" line',
    ]);
  });

  it('a topic written twice and a title for another module are reported', () => {
    const text = `# Module 6: WebSocket Events\n## onopen event\n## onopen event\n## onclose event\n## CloseEvent codes and reasons\n### Try it: T\n${start('m05')} ${check('m05')}\n\n**Expected outcome:** x\n`;
    expect(checkLessonAgainstSyllabus(parseLesson(text, 'i.md'), module5)).toEqual([
      'i.md: the title says Module 6 but the file is for Module 5',
      'i.md:3: topic "onopen event" appears twice (first at line 2)',
    ]);
  });
});
