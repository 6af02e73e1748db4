import { App } from 'aws-cdk-lib';
import { BaselineStage, loadConfig, registerChecks, synthesizeAndGate } from 'spapi-dpp-baseline';
import { LabelsStack } from './labels-stack';

const app = new App();
registerChecks(app);
const { config } = loadConfig();
const test = new BaselineStage(app, 'Test', {
  projectName: config.projectName,
  environment: config.environments.test,
});
test.addWorkload('Labels', (scope, id, baseline) => new LabelsStack(scope, id, { baseline }));
process.exitCode = synthesizeAndGate(app);
