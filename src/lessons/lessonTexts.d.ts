// The syllabus and every lesson, keyed by repository path ("docs/syllabus.md",
// "media/lessons/05-websocket-events.md"): a module that only exists in the build, where
// esbuild.mjs (lessonTextsPlugin) makes it from docs/syllabus.md and media/lessons/*.md.
declare module 'websocket-lab:lesson-texts' {
  const lessonTexts: Readonly<Record<string, string>>;
  export default lessonTexts;
}
