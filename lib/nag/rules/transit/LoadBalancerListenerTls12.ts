import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, UnresolvedValueError, cfnProperties, resolveLiteral } from '../../rule';
import { refersTo, resourcesReferringTo, stackResourcesOfType } from '../../template';

/**
 * ELB security policies whose minimum protocol is TLS 1.2 carry one of these in their
 * name (ELBSecurityPolicy-TLS13-1-2-2021-06, -TLS-1-2-Ext-2018-06, -FS-1-2-Res-2020-10,
 * ...). Names such as -2016-08, -TLS-1-1-2017-01 or -TLS13-1-0-2021-06 also accept
 * TLS 1.0 or 1.1.
 */
const TLS12_POLICY = /(^|-)(TLS13-1-2|TLS13-1-3|TLS-1-2|FS-1-2)(-|$)/;

/** Listener protocols that carry TLS, and those that carry no HTTP to redirect. */
const TLS_PROTOCOLS = ['HTTPS', 'TLS'];
const NON_HTTP_PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP', 'GENEVE'];

/** Whether every action redirects to HTTPS, so no request is answered over plain HTTP. */
function allRedirectToHttps(node: CfnResource, actions: unknown): boolean {
  if (!Array.isArray(actions) || actions.length === 0) return false;
  return actions.every((action: Record<string, unknown>) => {
    const type = resolveLiteral(node, action.Type, 'Action Type');
    const redirect = (action.RedirectConfig ?? {}) as Record<string, unknown>;
    return type === 'redirect' && resolveLiteral(node, redirect.Protocol, 'Protocol') === 'HTTPS';
  });
}

/** Whether an HTTP listener and all its listener rules only redirect to HTTPS. */
function onlyRedirectsToHttps(node: CfnResource, defaultActions: unknown): boolean {
  const rules = resourcesReferringTo(
    node,
    'AWS::ElasticLoadBalancingV2::ListenerRule',
    'ListenerArn',
  );
  return (
    allRedirectToHttps(node, defaultActions) &&
    rules.every((rule) => allRedirectToHttps(rule, cfnProperties(rule).Actions))
  );
}

/**
 * The listener's protocol. A Gateway Load Balancer listener has none (it is GENEVE);
 * an Application Load Balancer listener without one is HTTP. Throws when the
 * protocol is absent and the load balancer is not in the stack to tell which.
 */
function protocolOf(node: CfnResource, properties: Record<string, unknown>): string {
  const protocol = resolveLiteral(node, properties.Protocol, 'Protocol');
  if (protocol !== undefined) return String(protocol).toUpperCase();
  const loadBalancer = stackResourcesOfType(node, 'AWS::ElasticLoadBalancingV2::LoadBalancer').find(
    (lb) => refersTo(properties.LoadBalancerArn, lb),
  );
  if (loadBalancer === undefined) {
    throw new UnresolvedValueError(
      `Protocol of ${node.node.path} is absent and its load balancer is not in the stack`,
    );
  }
  const type = resolveLiteral(loadBalancer, cfnProperties(loadBalancer).Type, 'Type');
  return type === 'gateway' ? 'GENEVE' : 'HTTP';
}

/**
 * DPP 1.5: Information in transit is encrypted with TLS 1.2 or later, on internal and
 * external endpoints alike. An HTTPS or TLS listener must name a security policy
 * whose minimum is TLS 1.2; an absent policy means the service default, which has
 * changed over time, so the template must say. An HTTP listener may only redirect to
 * HTTPS (its listener rules included). TCP, UDP and GENEVE listeners pass bytes
 * through unread: TLS end to end through them is the application's job, which this
 * rule cannot see.
 */
export const LoadBalancerListenerTls12: DppRule = {
  name: 'LoadBalancerListenerTls12',
  clauses: ['DPP 1.5'],
  finding:
    'The listener accepts TLS below 1.2 (SslPolicy absent or an older policy) or serves plain HTTP. Use a TLS13-1-2 or newer security policy, and let HTTP listeners only redirect to HTTPS.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const properties = cfnProperties(node);
    const protocol = protocolOf(node, properties);
    if (NON_HTTP_PROTOCOLS.includes(protocol)) return NagRuleCompliance.NOT_APPLICABLE;
    const compliant = TLS_PROTOCOLS.includes(protocol)
      ? TLS12_POLICY.test(String(resolveLiteral(node, properties.SslPolicy, 'SslPolicy') ?? ''))
      : onlyRedirectsToHttps(node, properties.DefaultActions);
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
