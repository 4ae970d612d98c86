// How the Start Mock Server picker lists the workspace's scenario files, and that the names it
// recognises are the ones VS Code checks against the scenario schema (package.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isScenarioFile, MAX_LISTED_SCENARIO_FILES, SCENARIO_FILE_GLOB, scenarioFileChoices } from '../../../src/shared/scenarioFiles';

describe('workspace scenario files', () => {
  it('lists each scenario file by its file name, with its folder beside it, sorted by name', () => {
    expect(scenarioFileChoices(['servers/zeta.wsmock.json', 'chat.wsmock.yaml', 'a/b/chat.wsmock.yml', 'README.md', 'notes.yaml'])).toEqual([
      { label: 'chat.wsmock.yaml', description: '', path: 'chat.wsmock.yaml' },
      { label: 'chat.wsmock.yml', description: 'a/b', path: 'a/b/chat.wsmock.yml' },
      { label: 'zeta.wsmock.json', description: 'servers', path: 'servers/zeta.wsmock.json' },
    ]);
  });

  it('lists a bounded number of files', () => {
    const many = Array.from({ length: 500 }, (_, i) => `s/${String(i).padStart(3, '0')}.wsmock.json`);
    expect(scenarioFileChoices(many)).toHaveLength(MAX_LISTED_SCENARIO_FILES);
  });

  it('recognises exactly the names package.json validates as scenarios, and the search finds them', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const patterns: string[] = [...pkg.contributes.jsonValidation, ...pkg.contributes.yamlValidation]
      .flatMap((v: { fileMatch: string[] }) => v.fileMatch)
      .filter((p: string) => p.includes('wsmock'));
    expect(patterns.sort()).toEqual(['*.wsmock.json', '*.wsmock.yaml', '*.wsmock.yml']);
    for (const p of patterns) {
      const example = p.replace('*', 'my-server');
      expect(isScenarioFile(example), example).toBe(true);
      expect(SCENARIO_FILE_GLOB).toContain(p.slice(p.lastIndexOf('.') + 1));
    }
    expect(isScenarioFile('/w/.vscode/websocket-lab.json')).toBe(false);
    expect(isScenarioFile('C:\\w\\x.WSMOCK.YAML')).toBe(true);
  });
});
