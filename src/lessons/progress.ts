// The learner's progress: which exercises passed and which topics were opened.
// Plain data with pure functions that return a new value, so the VS Code adapter can store it
// as-is in globalState and tests need nothing but objects.

import { moduleKey, type SyllabusModule } from './syllabus';

export interface Progress {
  /** Exercise ids (m01..m27) whose check passed at least once. */
  completedExercises: string[];
  /** Topic keys from `topicKey()`. */
  visitedTopics: string[];
}

export function emptyProgress(): Progress {
  return { completedExercises: [], visitedTopics: [] };
}

/** Topic titles repeat across modules ("Subprotocol negotiation" is in 2 and 12), so the key includes the module. */
export function topicKey(moduleNumber: number, topicTitle: string): string {
  return `${moduleNumber}/${topicTitle}`;
}

export function exerciseIdFor(moduleNumber: number): string {
  return `m${moduleKey(moduleNumber)}`;
}

const addOnce = (list: string[], item: string): string[] => (list.includes(item) ? list : [...list, item]);

export function markExercise(progress: Progress, exerciseId: string): Progress {
  return { ...progress, completedExercises: addOnce(progress.completedExercises, exerciseId) };
}

export function markTopic(progress: Progress, moduleNumber: number, topicTitle: string): Progress {
  return { ...progress, visitedTopics: addOnce(progress.visitedTopics, topicKey(moduleNumber, topicTitle)) };
}

export function reset(): Progress {
  return emptyProgress();
}

/** Each topic read counts one, and the module's exercise counts one. */
export function moduleProgress(progress: Progress, module: SyllabusModule): { done: number; total: number } {
  const topicsDone = module.topics.filter((t) => progress.visitedTopics.includes(topicKey(module.number, t))).length;
  const exerciseDone = progress.completedExercises.includes(exerciseIdFor(module.number)) ? 1 : 0;
  return { done: topicsDone + exerciseDone, total: module.topics.length + 1 };
}

/**
 * Reads progress back from storage. Anything malformed (an older shape, a hand-edited value)
 * becomes empty lists rather than an exception, keeping every valid entry.
 */
export function parseProgress(raw: unknown): Progress {
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const strings = (v: unknown): string[] => (Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string'))] : []);
  return { completedExercises: strings(obj.completedExercises), visitedTopics: strings(obj.visitedTopics) };
}
