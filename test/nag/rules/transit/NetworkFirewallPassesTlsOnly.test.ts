import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { NetworkFirewallPassesTlsOnly } from '../../../../lib/nag/rules/transit/NetworkFirewallPassesTlsOnly';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-NetworkFirewallPassesTlsOnly', () => {
  const stack = testStack();
  let n = 0;
  const group = (rulesSource: nfw.CfnRuleGroup.RulesSourceProperty) =>
    new nfw.CfnRuleGroup(stack, `Group${n++}`, {
      ruleGroupName: `g${n}`,
      type: 'STATEFUL',
      capacity: 100,
      ruleGroup: { rulesSource },
    });
  const allowList = (targetTypes: string[]) =>
    group({
      rulesSourceList: {
        targets: ['api.example.com'],
        targetTypes,
        generatedRulesType: 'ALLOWLIST',
      },
    });
  const flags = (g: nfw.CfnRuleGroup) => ruleFlags(NetworkFirewallPassesTlsOnly, g);

  test('fails if a domain allow-list also admits plain HTTP by Host header', () => {
    expect(flags(allowList(['TLS_SNI', 'HTTP_HOST']))).toBe(true);
    expect(flags(allowList(['HTTP_HOST']))).toBe(true);
  });

  test('fails if a Suricata rule passes plain HTTP', () => {
    const rules =
      'pass http $HOME_NET any -> any any (msg:"x"; http.host; content:"api.example.com"; sid:1; rev:1;)';
    expect(flags(group({ rulesString: rules }))).toBe(true);
  });

  test('passes a TLS server-name allow-list, and Suricata rules that pass TLS or drop HTTP', () => {
    expect(flags(allowList(['TLS_SNI']))).toBe(false);
    const rules = [
      'pass tls $HOME_NET any -> any 443 (msg:"x"; tls.sni; content:"api.example.com"; sid:1; rev:1;)',
      'drop http $HOME_NET any -> any any (msg:"no http"; sid:2; rev:1;)',
    ].join('\n');
    expect(flags(group({ rulesString: rules }))).toBe(false);
  });

  test('passes a deny-list that names HTTP hosts', () => {
    const denyList = group({
      rulesSourceList: {
        targets: ['.bad.example'],
        targetTypes: ['HTTP_HOST', 'TLS_SNI'],
        generatedRulesType: 'DENYLIST',
      },
    });
    expect(flags(denyList)).toBe(false);
  });
});
