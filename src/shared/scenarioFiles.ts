// Which files are mock-server scenario files, and how the Start Mock Server picker lists the
// workspace's ones. package.json's jsonValidation/yamlValidation use the same names
// (test/unit/shared/scenarioFiles.test.ts checks they agree).

/** The workspace search for scenario files (vscode.workspace.findFiles). */
export const SCENARIO_FILE_GLOB = '**/*.wsmock.{json,yaml,yml}';

/** Folders never searched: dependencies and build output hold copies, not the user's files. */
export const SCENARIO_FILE_EXCLUDE = '**/{node_modules,dist,out,.git}/**';

/** At most this many files are listed; a workspace with more is searched by typing. */
export const MAX_LISTED_SCENARIO_FILES = 50;

const SCENARIO_FILE = /\.wsmock\.(json|ya?ml)$/i;

/** True for a path (any separator) or file name that names a scenario file. */
export function isScenarioFile(path: string): boolean {
  return SCENARIO_FILE.test(path);
}

export interface ScenarioFileChoice {
  /** The file name, e.g. chat.wsmock.yaml: what users type to find it. */
  label: string;
  /** The folder it is in, relative to the workspace ('' at the top). */
  description: string;
  /** The path it was listed with. */
  path: string;
}

/**
 * The scenario files among `relativePaths` (workspace-relative, "/"-separated), one row each,
 * sorted by file name and then folder, so a name typed in the picker finds its file.
 */
export function scenarioFileChoices(relativePaths: readonly string[]): ScenarioFileChoice[] {
  return relativePaths
    .filter(isScenarioFile)
    .map((path) => {
      const slash = path.lastIndexOf('/');
      return { label: path.slice(slash + 1), description: slash < 0 ? '' : path.slice(0, slash), path };
    })
    .sort((a, b) => a.label.localeCompare(b.label) || a.description.localeCompare(b.description))
    .slice(0, MAX_LISTED_SCENARIO_FILES);
}
