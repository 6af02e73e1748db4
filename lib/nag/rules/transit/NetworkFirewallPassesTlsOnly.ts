import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  DppRule,
  UnresolvedValueError,
  cfnProperty,
  objectValue,
  resolveLiteral,
} from '../../rule';

/** Application protocols whose pass rules would let plain text out. */
const PLAIN_TEXT_PROTOCOLS = ['http', 'ftp', 'smtp', 'dns', 'ssh'];

/** Whether a domain list passes plain HTTP: an ALLOWLIST that targets HTTP_HOST. */
function passesHttpHosts(node: CfnResource, source: Record<string, unknown>): boolean {
  const list = objectValue(node, source.RulesSourceList, 'RulesSourceList');
  if (list === undefined) return false;
  const type = resolveLiteral(node, list.GeneratedRulesType, 'RulesSourceList.GeneratedRulesType');
  const targets = list.TargetTypes;
  if (!Array.isArray(targets)) {
    throw new UnresolvedValueError(
      `RulesSourceList.TargetTypes of ${node.node.path} is not a list known at synth`,
    );
  }
  return (
    type === 'ALLOWLIST' &&
    targets.some((t) => resolveLiteral(node, t, 'TargetTypes[]') === 'HTTP_HOST')
  );
}

/** Whether a Suricata rules string holds a pass rule for a plain-text application protocol. */
function passesPlainText(node: CfnResource, source: Record<string, unknown>): boolean {
  if (source.RulesString === undefined) return false;
  const text = String(resolveLiteral(node, source.RulesString, 'RulesString'));
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .some(([action, protocol]) => action === 'pass' && PLAIN_TEXT_PROTOCOLS.includes(protocol));
}

/**
 * DPP 1.5: Information leaves encrypted (TLS 1.2+) or not at all. An egress firewall
 * rule group that passes plain text (a domain allow-list that also targets HTTP_HOST,
 * or a Suricata `pass http` / `pass ftp` rule) lets a workload send Information in the
 * clear to an allowed host, or to any host behind one shared name. Allow-lists target
 * the TLS server name only.
 */
export const NetworkFirewallPassesTlsOnly: DppRule = {
  name: 'NetworkFirewallPassesTlsOnly',
  clauses: ['DPP 1.5', 'DUP 4.7'],
  finding:
    'The firewall rule group passes plain-text traffic (an ALLOWLIST targeting HTTP_HOST, or a pass rule for http, ftp, smtp, dns or ssh). Allow TLS server names (TLS_SNI) only.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::NetworkFirewall::RuleGroup') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const group = objectValue(node, cfnProperty(node, 'RuleGroup'), 'RuleGroup');
    const source = objectValue(node, group?.RulesSource, 'RuleGroup.RulesSource');
    if (source === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const plain = passesHttpHosts(node, source) || passesPlainText(node, source);
    return plain ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
