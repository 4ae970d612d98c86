import { describe, expect, it } from 'vitest';
import { emptyProgress, markExercise, markTopic, moduleProgress, parseProgress, reset } from '../../../src/lessons/progress';
import type { SyllabusModule } from '../../../src/lessons/syllabus';

const protocol: SyllabusModule = { number: 2, title: 'WebSocket Protocol', topics: ['HTTP upgrade mechanism', 'Subprotocol negotiation'] };
const subprotocols: SyllabusModule = { number: 12, title: 'WebSocket Subprotocols', topics: ['Subprotocol negotiation'] };

describe('lesson progress', () => {
  it('a module counts its topics read plus its exercise', () => {
    let p = emptyProgress();
    expect(moduleProgress(p, protocol)).toEqual({ done: 0, total: 3 });
    p = markTopic(p, 2, 'HTTP upgrade mechanism');
    p = markExercise(p, 'm02');
    expect(moduleProgress(p, protocol)).toEqual({ done: 2, total: 3 });
  });

  it('reading a topic in one module does not tick the same title in another', () => {
    const p = markTopic(emptyProgress(), 2, 'Subprotocol negotiation');
    expect(moduleProgress(p, subprotocols)).toEqual({ done: 0, total: 2 });
  });

  it('marking twice counts once and never changes the previous value', () => {
    const before = markExercise(emptyProgress(), 'm02');
    const after = markExercise(markExercise(before, 'm02'), 'm02');
    expect(after.completedExercises).toEqual(['m02']);
    const withTopic = markTopic(before, 2, 'HTTP upgrade mechanism');
    expect(before.visitedTopics).toEqual([]);
    expect(withTopic.visitedTopics).toHaveLength(1);
  });

  it('reset forgets everything', () => {
    expect(reset()).toEqual({ completedExercises: [], visitedTopics: [] });
  });

  it('stored progress is read back tolerantly, keeping the valid entries', () => {
    expect(parseProgress(undefined)).toEqual(emptyProgress());
    expect(parseProgress('garbage')).toEqual(emptyProgress());
    expect(parseProgress({ completedExercises: ['m01', 3, 'm01', 'm02'], visitedTopics: 'oops' })).toEqual({
      completedExercises: ['m01', 'm02'],
      visitedTopics: [],
    });
  });
});
