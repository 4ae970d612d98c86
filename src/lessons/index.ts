// Entry point of the lessons bundle (dist/lessons.js), which the extension loads when the Lessons
// view or a lesson is first shown: the catalog and the renderer (markdown-it), and the syllabus and
// lesson texts, which esbuild.mjs embeds in the bundle.
import lessonTexts from 'websocket-lab:lesson-texts';
import { loadCatalog, type Catalog } from './catalog';

export { renderLesson } from './renderLesson';
export type { Catalog, CatalogModule } from './catalog';

const key = (p: string) => p.replace(/\\/g, '/').replace(/^\.?\//, '');

/** The text of an embedded file ("docs/syllabus.md", "media/lessons/NN-slug.md"), if there is one. */
export function lessonText(file: string): string | undefined {
  return Object.hasOwn(lessonTexts, key(file)) ? lessonTexts[key(file)] : undefined;
}

/** The catalog over the embedded texts, read through the same interface as files on disk. */
export function loadBundledCatalog(): Catalog {
  return loadCatalog(
    (p) => {
      const text = lessonText(p);
      if (text === undefined) throw new Error(`${key(p)} is not in the lessons bundle`);
      return text;
    },
    '',
    (dir) => Object.keys(lessonTexts).filter((f) => f.startsWith(`${key(dir)}/`)).map((f) => f.slice(key(dir).length + 1)),
  );
}
