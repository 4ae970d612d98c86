// Public entry point of the mock server: everything the extension, the CLI and lessons use.
export { startMockServer, type MockServerOptions, type MockServerHandle } from './mockServer';
export { listScenarios, builtinScenario, builtinScenarioNames } from './builtinScenarios';
export { parseScenarioText, loadScenarioFile, formatScenarioErrors, type ParseScenarioResult, type ScenarioError } from './scenarioParser';
export { scenarioJsonSchema } from './scenarioSchema';
export { trustGuidance, defaultCertDir } from './tlsCert';
export type { Scenario } from './scenarioTypes';
