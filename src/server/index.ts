// Public entry point of the mock server: everything the extension, the CLI and lessons use.
export { startMockServer, type MockServerOptions, type MockServerHandle } from './net/mockServer';
// The extension runs each server in a worker thread, which loads this very bundle and calls
// runMockServerWorker (src/server/worker/): the package gains no file.
export { startMockServerInWorker, describeWorkerEnd, DEFAULT_WORKER_HEAP_MB, type WorkerServerOptions, type WorkerServerHandle } from './worker/workerHost';
export { runMockServerWorker } from './worker/mockServerWorker';
export { listScenarios, builtinScenario, builtinScenarioNames } from './scenario/builtinScenarios';
export { parseScenarioText, loadScenarioFile, formatScenarioErrors, type ParseScenarioResult, type ScenarioError } from './scenario/scenarioParser';
export { scenarioJsonSchema } from './scenario/scenarioSchema';
export { trustGuidance, defaultCertDir } from './net/tlsCert';
export type { Scenario } from './scenario/scenarioTypes';
