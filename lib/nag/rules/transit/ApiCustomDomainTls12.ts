import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, UnresolvedValueError, cfnProperty, resolveLiteral } from '../../rule';

/**
 * API Gateway security policies whose minimum protocol is TLS 1.2: the legacy
 * `TLS_1_2` and the enhanced `SecurityPolicy_TLS12_*` / `SecurityPolicy_TLS13_*`
 * (e.g. SecurityPolicy_TLS13_1_3_2025_09). `TLS_1_0` also accepts TLS 1.0 and 1.1.
 */
function isTls12Policy(policy: string): boolean {
  return policy === 'TLS_1_2' || /^SecurityPolicy_TLS1[23](?:_|$)/.test(policy);
}

/** The security policies a domain name sets: one per endpoint configuration for v2. */
function securityPoliciesOf(node: CfnResource): unknown[] | undefined {
  switch (node.cfnResourceType) {
    case 'AWS::ApiGateway::DomainName':
      return [cfnProperty(node, 'SecurityPolicy')];
    case 'AWS::ApiGatewayV2::DomainName': {
      const configurations = cfnProperty(node, 'DomainNameConfigurations') ?? [];
      if (!Array.isArray(configurations)) {
        throw new UnresolvedValueError(
          `DomainNameConfigurations of ${node.node.path} is not known at synth`,
        );
      }
      return configurations.map((c: Record<string, unknown>) => c?.SecurityPolicy);
    }
    default:
      return undefined;
  }
}

/**
 * DPP 1.5: Information in transit is encrypted with TLS 1.2 or later. A custom domain
 * name terminates the callers' TLS, so its security policy sets the lowest version
 * accepted. An absent policy is TLS_1_0 on older domains, so the template must say.
 */
export const ApiCustomDomainTls12: DppRule = {
  name: 'ApiCustomDomainTls12',
  clauses: ['DPP 1.5'],
  finding:
    'The API custom domain does not set a security policy with TLS 1.2 as its minimum. Set SecurityPolicy to TLS_1_2 or a newer SecurityPolicy_TLS12/TLS13 policy.',
  check(node: CfnResource) {
    const policies = securityPoliciesOf(node);
    if (policies === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const allTls12 =
      policies.length > 0 &&
      policies.every((policy) =>
        isTls12Policy(String(resolveLiteral(node, policy, 'SecurityPolicy') ?? '')),
      );
    return allTls12 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
