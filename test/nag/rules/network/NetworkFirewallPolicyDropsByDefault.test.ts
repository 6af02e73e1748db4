import { Fn } from 'aws-cdk-lib';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { NetworkFirewallPolicyDropsByDefault } from '../../../../lib/nag/rules/network/NetworkFirewallPolicyDropsByDefault';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-NetworkFirewallPolicyDropsByDefault', () => {
  const stack = testStack();
  /** The baseline's policy: forward to the stateful engine, strict order, drop by default. */
  const COMPLIANT: networkfirewall.CfnFirewallPolicy.FirewallPolicyProperty = {
    statelessDefaultActions: ['aws:forward_to_sfe'],
    statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
    statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
    statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
  };
  const policy = (id: string, changes: Partial<typeof COMPLIANT>) =>
    new networkfirewall.CfnFirewallPolicy(stack, id, {
      firewallPolicyName: id.toLowerCase(),
      firewallPolicy: { ...COMPLIANT, ...changes },
    });

  test('fails if the stateless default action passes traffic', () => {
    const passes = policy('StatelessPass', { statelessDefaultActions: ['aws:pass'] });
    expect(ruleFlags(NetworkFirewallPolicyDropsByDefault, passes)).toBe(true);
  });

  test('fails if the stateless fragment default action passes traffic', () => {
    const passes = policy('FragmentPass', { statelessFragmentDefaultActions: ['aws:pass'] });
    expect(ruleFlags(NetworkFirewallPolicyDropsByDefault, passes)).toBe(true);
  });

  test('fails if the stateful engine uses the default action order', () => {
    const defaultOrder = policy('DefaultOrder', {
      statefulEngineOptions: { ruleOrder: 'DEFAULT_ACTION_ORDER' },
      statefulDefaultActions: undefined,
    });
    expect(ruleFlags(NetworkFirewallPolicyDropsByDefault, defaultOrder)).toBe(true);
  });

  test('fails if the stateful default action does not drop', () => {
    const alertOnly = policy('AlertOnly', { statefulDefaultActions: ['aws:alert_strict'] });
    expect(ruleFlags(NetworkFirewallPolicyDropsByDefault, alertOnly)).toBe(true);
  });

  test('fails if a default action is not known at synth', () => {
    const unknown = policy('Unknown', {
      statelessDefaultActions: [Fn.importValue('ActionFromAnotherStack')],
    });
    expect(ruleOutcome(NetworkFirewallPolicyDropsByDefault, unknown)).toEqual(
      threw(
        /^StatelessDefaultActions of \S+ is \{"Fn::ImportValue":"ActionFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a policy that forwards to strict-order stateful rules and drops by default', () => {
    expect(ruleFlags(NetworkFirewallPolicyDropsByDefault, policy('Baseline', {}))).toBe(false);
  });

  test('passes a policy that drops stateless traffic and drops strict', () => {
    const strict = policy('DropStrict', {
      statelessDefaultActions: ['aws:drop'],
      statefulDefaultActions: ['aws:drop_strict'],
    });
    expect(ruleFlags(NetworkFirewallPolicyDropsByDefault, strict)).toBe(false);
  });
});
