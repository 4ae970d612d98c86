// The syllabus (docs/syllabus.md) is the single source of truth for which modules and topics exist.
// Lessons are checked against it, so its format is deliberately tiny:
//   ## Module N: Title
//   - topic
// Anything else (the `# Syllabus` title, blank lines, prose) is ignored.

export interface SyllabusModule {
  number: number;
  title: string;
  /** Topic titles in syllabus order, exactly as written (lesson headings must match them). */
  topics: string[];
}

const MODULE_HEADING = /^##\s+Module\s+(\d+)\s*:\s*(.+?)\s*$/;
const TOPIC_ITEM = /^[-*]\s+(.+?)\s*$/;

export function parseSyllabus(markdown: string): SyllabusModule[] {
  const modules: SyllabusModule[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const heading = MODULE_HEADING.exec(line);
    if (heading) {
      modules.push({ number: Number(heading[1]), title: heading[2], topics: [] });
      continue;
    }
    const item = TOPIC_ITEM.exec(line);
    // A list before the first module heading belongs to no module: ignore it.
    if (item && modules.length > 0) modules[modules.length - 1].topics.push(item[1]);
  }
  return modules;
}

/** Module numbers as lesson files spell them: 1 -> "01". */
export function moduleKey(moduleNumber: number): string {
  return String(moduleNumber).padStart(2, '0');
}
