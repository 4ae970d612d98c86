// Public entry point of the mock server: everything the extension, the CLI and lessons use.
export { startMockServer, type MockServerOptions, type MockServerHandle } from './net/mockServer';
export { listScenarios, builtinScenario, builtinScenarioNames } from './scenario/builtinScenarios';
export { parseScenarioText, loadScenarioFile, formatScenarioErrors, type ParseScenarioResult, type ScenarioError } from './scenario/scenarioParser';
export { scenarioJsonSchema } from './scenario/scenarioSchema';
export { trustGuidance, defaultCertDir } from './net/tlsCert';
export type { Scenario } from './scenario/scenarioTypes';
