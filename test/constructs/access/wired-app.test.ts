import { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import {
  BaselineAccess,
  BaselineAccessProps,
  HumanPrincipals,
  passwordPolicyOwnershipErrors,
} from '../../../constructs/access';
import { createBaselineApp } from '../../../lib/app';
import { loadConfig } from '../../../lib/config/load';
import * as acknowledgeModule from '../../../lib/nag/acknowledge';
import { BaselineStack } from '../../../lib/stage/baseline-stack';
import { allPackViolations, projectContext } from '../../helpers';

/**
 * The real app with BaselineAccess composed into each environment's stack the way the
 * stack is to wire it (see the report of the access-roles branch): every role under
 * the boundary, every check of the three packs passing, every acknowledgement real.
 */
const { config } = loadConfig();

const identityCenter = (name: string): HumanPrincipals => ({
  kind: 'identity-center',
  permissionSetNames: [name],
  mfa: 'enforced-by-identity-provider',
});

/** What the stack passes to BaselineAccess, from its config and its other constructs. */
function wire(stack: BaselineStack): BaselineAccessProps {
  return {
    namePrefix: `${config.projectName}-${stack.config.name}`,
    passwordPolicy: { ownership: 'this-environment' },
    logEncryptionKey: stack.keys.auditLogs,
    logRetentionDays: stack.config.audit.logRetentionDays,
    regions: [stack.config.region],
    fulfillmentOperator: { principals: [identityCenter('FulfillmentOperator')] },
    taxOfficer: { principals: [identityCenter('TaxOfficer')] },
    securityAuditor: { principals: [identityCenter('SecurityAuditor')] },
    platformAdministrator: { principals: [identityCenter('PlatformAdministrator')] },
    breakGlass: { principals: [{ kind: 'iam-principals', account: stack.account }] },
    piiTable: stack.data.piiTable,
    piiBucket: stack.data.piiBucket,
    taxArchive: stack.data.taxArchive,
    otherInformationRoles: [stack.data.deletionRole],
  };
}

const made: { path: string; ruleId: string }[] = [];
const spy = jest
  .spyOn(acknowledgeModule, 'acknowledge')
  .mockImplementation((scope: IConstruct, ...acks: acknowledgeModule.Acknowledgement[]) => {
    for (const ack of acks) made.push({ path: scope.node.path, ruleId: ack.ruleId });
  });
const { app, stages } = createBaselineApp({
  config,
  context: { ...projectContext(), 'aws:cdk:bundling-stacks': [] },
});
for (const stage of Object.values(stages)) {
  new BaselineAccess(stage.baseline, 'Access', wire(stage.baseline));
}
spy.mockRestore();
// Aspects (the boundary among them) apply at synthesis, before the packs run.
const templates = Object.values(stages).map((stage) => Template.fromStack(stage.baseline));
const violations = allPackViolations(app);

describe('the baseline app with access wired in', () => {
  test('chooses one password policy owner per account', () => {
    expect(
      passwordPolicyOwnershipErrors(
        Object.values(config.environments).map((env) => ({
          environment: env.name,
          account: env.account,
          passwordPolicy: 'this-environment',
        })),
      ),
    ).toEqual([]);
  });

  test('puts every role of both environments under the boundary', () => {
    for (const template of templates) {
      const roles = Object.values(template.findResources('AWS::IAM::Role'));
      expect(roles.length).toBeGreaterThan(9);
      for (const role of roles) expect(role.Properties.PermissionsBoundary).toBeDefined();
    }
  });

  test('leaves nothing unacknowledged in the three packs', () => {
    const covered = (ruleId: string, path: string) =>
      made.some((a) => a.ruleId === ruleId && (path === a.path || path.startsWith(`${a.path}/`)));
    const uncovered = violations.flatMap((v) =>
      v.paths.filter((p) => !covered(v.ruleId, p)).map((p) => `${v.ruleId} at ${p}`),
    );
    expect(uncovered).toEqual([]);
  });

  test('acknowledges, in the access constructs, only findings the packs really report', () => {
    const stale = made
      .filter(({ path }) => /\/Baseline\/Access\//.test(path))
      .filter(
        ({ path, ruleId }) =>
          !violations.some(
            (v) =>
              v.ruleId === ruleId && v.paths.some((p) => p === path || p.startsWith(`${path}/`)),
          ),
      );
    expect(stale).toEqual([]);
  });
});
