import * as fs from 'fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BaselineAccess } from '../../../constructs/access';
import { recordAcknowledgements } from '../../../lib/checks';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { trackRuleResults, withRuleResults } from '../../../lib/nag/rule-results';
import { synthesizeAndGate } from '../../../lib/report/gate';
import { ruleId } from '../../../lib/nag/rule';
import { DPP_RULES } from '../../../lib/nag/rules';
import { COMPOSITION_RULE_IDS } from '../../composition-rules';
import { readAssembly } from '../../../lib/report/assembly';
import { evaluateAssembly } from '../../../lib/report/evaluation';
import { projectContext, TEST_ENV } from '../../helpers';
import { accessProps, dataStack } from './fixture';

/**
 * What a careless engineer might add next to the baseline, synthesized as the CLI does
 * with the DPP pack and judged by the synth gate.
 */
function gate(addCarelessly: (baseline: Stack, workload: Stack) => void) {
  const app = new App({
    outdir: fs.mkdtempSync('/tmp/access-gate-'),
    context: {
      ...projectContext(),
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  // Every DPP rule but those the audit capability meets, which is not composed here.
  const rules = DPP_RULES.filter(
    (r) => r.name === 'IAMRoleHasPermissionsBoundary' || !COMPOSITION_RULE_IDS.includes(ruleId(r)),
  );
  const dpp = new (withRuleResults(DppChecks))(undefined, undefined, rules);
  Validations.of(app).addPlugins(dpp);
  trackRuleResults(app, [dpp]);
  recordAcknowledgements(app);
  const fixture = dataStack('Baseline', app);
  new BaselineAccess(fixture.stack, 'Access', accessProps(fixture));
  const workload = new Stack(app, 'Workload', { env: TEST_ENV });
  addCarelessly(fixture.stack, workload);
  let text = '';
  synthesizeAndGate(app, (printed) => (text += printed));
  return { result: evaluateAssembly(readAssembly(app.outdir)), text };
}

const lambdaRole = (scope: Stack, id: string) =>
  new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

describe('a careless engineer next to the access baseline', () => {
  test('passes the gate with the baseline alone', () => {
    const { result, text } = gate(() => undefined);
    expect(text).toMatch(/Checks: PASSED: 0 unacknowledged errors/);
    expect(result.errors).toEqual([]);
  });

  test('adding a role to the baseline stack gets the boundary without asking', () => {
    const { result } = gate((baseline) => lambdaRole(baseline, 'Forgetful'));
    expect(result.errors).toEqual([]);
  });

  test('fails the synth with a role outside the boundary, naming DPP 1.3', () => {
    const { result, text } = gate((_baseline, workload) => lambdaRole(workload, 'Unbounded'));
    expect(result.passed).toBe(false);
    expect(text).toContain('[error] DPP-IAMRoleHasPermissionsBoundary (DPP)');
    expect(text).toContain('[DPP 1.3 Least Privilege Principle; DPP 1.2 Access Management]');
    expect(text).toContain('at Workload/Unbounded/Resource');
  });

  test('fails the synth with a trust policy without MFA, naming DPP 1.2', () => {
    const { result, text } = gate((baseline) => {
      new iam.Role(baseline, 'Console', { assumedBy: new iam.AccountRootPrincipal() });
    });
    expect(result.passed).toBe(false);
    expect(text).toContain('[error] DPP-IAMRoleHumanTrustRequiresMfa (DPP)');
    expect(text).toContain('[DPP 1.2 Access Management]');
    expect(text).toContain('at Baseline/Console/Resource');
  });

  test('fails the synth with a policy that allows s3:*, naming DPP 1.3', () => {
    const { result, text } = gate((baseline) => {
      lambdaRole(baseline, 'Greedy').addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }),
      );
    });
    expect(result.passed).toBe(false);
    expect(text).toContain('[error] DPP-IAMPolicyNoDataServiceWildcard (DPP)');
    expect(text).toContain('[DPP 1.3 Least Privilege Principle; AUP 3.9');
    expect(text).toContain('at Baseline/Greedy/DefaultPolicy/Resource');
  });

  test('fails the synth with an IAM user and its access key, naming DPP 1.2', () => {
    const { text } = gate((baseline) => {
      const user = new iam.User(baseline, 'Ci');
      new iam.AccessKey(baseline, 'CiKey', { user });
    });
    expect(text).toContain('[error] DPP-IAMNoUserGroupOrAccessKey (DPP)');
    expect(text).toContain('at Baseline/Ci/Resource');
    expect(text).toContain('at Baseline/CiKey/Resource');
  });
});
