import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataClassKeys } from '../../../constructs/keys';
import { BaselineNetwork, BaselineNetworkProps } from '../../../constructs/network';
import { testStack, TEST_AZS } from '../../helpers';

/**
 * Issue 7 item 4: the allow-list matches the server name the client claims (SNI). What
 * the firewall does about TLS that names no host, or an IP address, and what turning
 * on TLS inspection changes.
 */
function firewall(id: string, props: Partial<BaselineNetworkProps> = {}) {
  const stack: Stack = testStack(id);
  const keys = new DataClassKeys(stack, 'Keys', { projectName: 'spapi-dpp', environmentName: 't' });
  new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: TEST_AZS,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-t',
    firewallEndpoints: 'single',
    ...props,
  });
  return { stack, template: Template.fromStack(stack).toJSON() };
}

const CA = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001';

/** Every Suricata rule the baseline writes, from every rule group's RulesString. */
function suricataRules(template: any): string[] {
  return Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::NetworkFirewall::RuleGroup')
    .flatMap((r) => (r.Properties.RuleGroup.RulesSource.RulesString ?? '').split('\n'))
    .filter((line: string) => line.trim() !== '');
}

/**
 * Suricata rule keywords the baseline may use: each is documented by Suricata and used
 * in AWS's own Network Firewall rule samples, and none is on Network Firewall's list of
 * unsupported features (datasets, iprep, Lua, thresholding, file keywords).
 */
const SUPPORTED_KEYWORDS = [
  'msg',
  'flow',
  'sid',
  'rev',
  'tls.sni',
  'content',
  'pcre',
  'nocase',
  'endswith',
];
const UNSUPPORTED_KEYWORDS = [
  'dataset',
  'datarep',
  'iprep',
  'lua',
  'luajit',
  'threshold',
  'detection_filter',
  'filestore',
];

interface ParsedRule {
  readonly action: string;
  readonly protocol: string;
  readonly options: { keyword: string; value?: string }[];
}

function parse(rule: string): ParsedRule {
  const match = /^(pass|drop|reject|alert) (\w+) \S+ \S+ -> \S+ \S+ \((.*)\)$/.exec(rule.trim());
  if (!match) throw new Error(`not a Suricata rule: ${rule}`);
  const options = match[3]
    .split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((o) => {
      const colon = o.indexOf(':');
      return colon < 0 ? { keyword: o } : { keyword: o.slice(0, colon), value: o.slice(colon + 1) };
    });
  return { action: match[1], protocol: match[2], options };
}

describe('egress firewall without TLS inspection', () => {
  const { template } = firewall('NoInspection');
  const rules = suricataRules(template);

  test('rejects TLS whose server name is an IP address, between the protocol guard and the allow-list', () => {
    const policy = Object.values(template.Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::NetworkFirewall::FirewallPolicy',
    )!.Properties.FirewallPolicy;
    expect(policy.StatefulRuleGroupReferences.map((g: any) => g.Priority)).toEqual([100, 150, 200]);
    expect(policy.TLSInspectionConfigurationArn).toBeUndefined();
    const ipLiteral = rules.map(parse).find((r) => r.options.some((o) => o.keyword === 'pcre'))!;
    expect(ipLiteral.action).toBe('reject');
    expect(ipLiteral.protocol).toBe('tls');
    const pcre = ipLiteral.options.find((o) => o.keyword === 'pcre')!.value!;
    // The rule text holds the expression as Suricata reads it: "/<regex>/<flags>".
    const [, body, flags] = /^"\/(.*)\/([a-zA-Z]*)"$/.exec(pcre)!;
    const regex = new RegExp(body, flags);
    for (const sni of ['203.0.113.7', '10.0.0.1']) expect(regex.test(sni)).toBe(true);
    for (const sni of ['api.amazon.com', '1.2.3.4.nip.io', 'sellingpartnerapi-eu.amazon.com']) {
      expect(regex.test(sni)).toBe(false);
    }
  });

  test('writes only rules Network Firewall accepts: known keywords, a msg, a unique sid and a rev each', () => {
    const parsed = rules.map(parse);
    expect(parsed.length).toBeGreaterThanOrEqual(4);
    const sids = parsed.map((r) => r.options.find((o) => o.keyword === 'sid')?.value);
    expect(new Set(sids).size).toBe(parsed.length);
    for (const rule of parsed) {
      const keywords = rule.options.map((o) => o.keyword);
      for (const required of ['msg', 'sid', 'rev']) expect(keywords).toContain(required);
      for (const keyword of keywords) {
        expect(SUPPORTED_KEYWORDS).toContain(keyword);
        expect(UNSUPPORTED_KEYWORDS).not.toContain(keyword);
      }
      // Network Firewall's guidance: a pcre is anchored by a content match on the same buffer.
      const pcreAt = keywords.indexOf('pcre');
      if (pcreAt >= 0) expect(keywords.slice(0, pcreAt)).toContain('content');
    }
  });

  test('passes nothing itself: only the TLS server-name allow-list passes, so TLS without a server name is dropped', () => {
    expect(rules.map(parse).filter((r) => r.action === 'pass')).toEqual([]);
    const lists = Object.values(template.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::NetworkFirewall::RuleGroup')
      .map((r) => r.Properties.RuleGroup.RulesSource.RulesSourceList)
      .filter((list) => list !== undefined);
    expect(lists).toEqual([
      expect.objectContaining({ TargetTypes: ['TLS_SNI'], GeneratedRulesType: 'ALLOWLIST' }),
    ]);
  });
});

describe('egress firewall with TLS inspection', () => {
  const { template } = firewall('Inspection', { tlsInspectionCertificateAuthorityArn: CA });
  const resources = Object.values(template.Resources as Record<string, any>);
  const inspection = resources.find(
    (r) => r.Type === 'AWS::NetworkFirewall::TLSInspectionConfiguration',
  )!;
  const policy = resources.find((r) => r.Type === 'AWS::NetworkFirewall::FirewallPolicy')!;

  test("decrypts the VPC's egress on TCP 443 with the given CA, and drops revoked server certificates", () => {
    expect(
      inspection.Properties.TLSInspectionConfiguration.ServerCertificateConfigurations,
    ).toEqual([
      {
        CertificateAuthorityArn: CA,
        CheckCertificateRevocationStatus: {
          RevokedStatusAction: 'DROP',
          UnknownStatusAction: 'PASS',
        },
        Scopes: [
          {
            Sources: [{ AddressDefinition: '10.20.0.0/16' }],
            Destinations: [{ AddressDefinition: '0.0.0.0/0' }],
            DestinationPorts: [{ FromPort: 443, ToPort: 443 }],
            Protocols: [6],
          },
        ],
      },
    ]);
    expect(policy.Properties.FirewallPolicy.TLSInspectionConfigurationArn).toEqual({
      'Fn::GetAtt': [expect.any(String), 'TLSInspectionConfigurationArn'],
    });
  });

  test('logs TLS errors (certificate and SNI mismatches) to an encrypted log group', () => {
    const logging = resources.find((r) => r.Type === 'AWS::NetworkFirewall::LoggingConfiguration')!;
    const types = logging.Properties.LoggingConfiguration.LogDestinationConfigs.map(
      (c: any) => c.LogType,
    );
    expect(types).toEqual(['ALERT', 'FLOW', 'TLS']);
  });

  test('names the policy apart, so that turning inspection on or off can replace it', () => {
    expect(policy.Properties.FirewallPolicyName).toBe('spapi-dpp-t-egress-policy-tls');
  });

  test('fails at synth on a certificate authority that is not an ACM certificate ARN', () => {
    expect(() =>
      firewall('BadCa', {
        tlsInspectionCertificateAuthorityArn:
          'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x',
      }),
    ).toThrow(
      /tlsInspectionCertificateAuthorityArn .* is not the ARN of a certificate imported into ACM/,
    );
  });
});
