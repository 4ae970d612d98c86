// The JSON Schema for scenario files. The .json file is the single source: the extension
// registers it for *.wsmock.json / *.wsmock.yaml, and the parser validates against it.
import schema from './scenario.schema.json';

export const scenarioJsonSchema: object = schema;
