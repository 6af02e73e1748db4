import { Fn, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { ACM_CERTIFICATE_ARN } from '../../lib/network/certificate';
import { Justified } from '../../lib/policy/justified';

/**
 * Capacity of the allow-list rule group. It cannot change after creation, so it is
 * fixed with room for a few hundred hosts rather than derived from today's list.
 */
export const ALLOW_LIST_CAPACITY = 1000;
const PROTOCOL_GUARD_CAPACITY = 100;

/**
 * Drops at the first packet whatever is not TCP to port 443, before the host-name
 * allow-list looks at TLS: the allow-list then decides on the TLS server name (SNI).
 */
const PROTOCOL_GUARD_RULES = [
  'drop tcp $HOME_NET any -> any !443 (msg:"Egress is allowed on TCP 443 only"; flow:to_server; sid:1000001; rev:1;)',
  'drop udp $HOME_NET any -> any any (msg:"Egress over UDP is not allowed"; sid:1000002; rev:1;)',
  'drop icmp $HOME_NET any -> any any (msg:"Egress over ICMP is not allowed"; sid:1000003; rev:1;)',
].join('\n');

const TLS_GUARD_CAPACITY = 100;

/**
 * Refuses, with its own alert message, TLS whose claimed server name (SNI) is an IPv4
 * address rather than a host: RFC 6066 forbids it, and a client that sends it is aiming
 * at an address, not at an allow-listed host. The `content:"."` anchors the regular
 * expression to server names that contain a dot, as AWS's Network Firewall samples do.
 * TLS that names no host at all matches no pass rule of the allow-list and is dropped
 * by the policy's default action.
 */
const TLS_GUARD_RULES = [
  'reject tls $HOME_NET any -> $EXTERNAL_NET any (msg:"TLS server name is an IP address, not a host"; flow:to_server; tls.sni; content:"."; pcre:"/^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$/"; sid:1000101; rev:1;)',
].join('\n');

export interface EgressFirewallProps {
  /** The VPC whose egress the firewall inspects. */
  readonly vpc: ec2.IVpc;
  /** The VPC's IPv4 range: the firewall's `HOME_NET`. */
  readonly vpcCidr: string;
  /** One subnet per zone that gets a firewall endpoint (the firewall tier). */
  readonly subnets: readonly ec2.ISubnet[];
  /** Host names admitted over TLS; everything else is dropped. */
  readonly allowedHosts: readonly Justified<'host'>[];
  /** Prefix of the firewall's physical names, e.g. `spapi-dpp-prod`. */
  readonly namePrefix: string;
  /** Key of the audit-log data class, for the alert and flow log groups. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the alert and flow logs, in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether the firewall is protected against deletion and against changes to its
   * subnets, so that nobody can quietly take the inspection out of the path.
   * @default true
   */
  readonly changeProtection?: boolean;
  /**
   * The ARN of a certificate authority imported into ACM (not issued by ACM or AWS
   * Private CA) with which the firewall decrypts and re-signs the VPC's egress on TCP
   * 443. With it the firewall checks that the server's certificate matches the claimed
   * server name, so a forged SNI no longer reaches another host; workloads must trust
   * the CA. Turning it on or off replaces the firewall policy.
   * @default - no TLS inspection: the allow-list trusts the server name the client claims
   */
  readonly tlsInspectionCertificateAuthorityArn?: string;
}

/**
 * AWS Network Firewall on the VPC's egress path (DPP 1.1 Network Protection "network
 * firewalls"; DUP 4.7 Data stays on the internal network).
 *
 * Default-deny with strict rule order: a stateless pass-through to the stateful
 * engine, a protocol guard that drops anything but TCP 443, a TLS server-name
 * allow-list, and a default action that drops and alerts on every established flow
 * nothing passed. Alert and flow logs go to encrypted log groups.
 */
export class EgressFirewall extends Construct {
  public readonly firewall: nfw.CfnFirewall;
  public readonly policy: nfw.CfnFirewallPolicy;
  public readonly allowList: nfw.CfnRuleGroup;
  public readonly alertLogs: EncryptedLogGroup;
  public readonly flowLogs: EncryptedLogGroup;
  /** TLS errors (server certificate, server-name mismatch), when TLS inspection is on. */
  public readonly tlsLogs?: EncryptedLogGroup;
  /** The host names the firewall admits, with their reasons. */
  public readonly allowedHosts: readonly Justified<'host'>[];

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    if (props.allowedHosts.length === 0) {
      throw new Error(`${this.node.path}: the egress allow-list is empty`);
    }
    this.allowedHosts = props.allowedHosts;
    const homeNet = { ipSets: { HOME_NET: { definition: [props.vpcCidr] } } };

    const guard = new nfw.CfnRuleGroup(this, 'ProtocolGuard', {
      ruleGroupName: `${props.namePrefix}-egress-protocol-guard`,
      type: 'STATEFUL',
      capacity: PROTOCOL_GUARD_CAPACITY,
      description: 'Drops egress that is not TCP 443 (DPP 1.1)',
      ruleGroup: {
        ruleVariables: homeNet,
        rulesSource: { rulesString: PROTOCOL_GUARD_RULES },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });
    this.allowList = new nfw.CfnRuleGroup(this, 'AllowList', {
      ruleGroupName: `${props.namePrefix}-egress-allow-list`,
      type: 'STATEFUL',
      capacity: ALLOW_LIST_CAPACITY,
      description:
        'TLS server names egress may reach: SP-API, LWA and the environment list (DPP 1.1)',
      ruleGroup: {
        ruleVariables: homeNet,
        rulesSource: {
          rulesSourceList: {
            targets: props.allowedHosts.map((h) => h.host),
            // TLS only: plain HTTP would carry Information unencrypted (DPP 1.5).
            targetTypes: ['TLS_SNI'],
            generatedRulesType: 'ALLOWLIST',
          },
        },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });
    const tlsGuard = new nfw.CfnRuleGroup(this, 'TlsGuard', {
      ruleGroupName: `${props.namePrefix}-egress-tls-guard`,
      type: 'STATEFUL',
      capacity: TLS_GUARD_CAPACITY,
      description: 'Rejects TLS that names an IP address instead of a host (DPP 1.1)',
      ruleGroup: {
        ruleVariables: homeNet,
        rulesSource: { rulesString: TLS_GUARD_RULES },
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
      },
    });
    const inspection = this.tlsInspection(props);
    this.policy = new nfw.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: `${props.namePrefix}-egress-policy${inspection ? '-tls' : ''}`,
      description: 'Default-deny egress policy (DPP 1.1)',
      firewallPolicy: {
        tlsInspectionConfigurationArn: inspection?.attrTlsInspectionConfigurationArn,
        // Every packet goes to the stateful engine; nothing passes statelessly.
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER', streamExceptionPolicy: 'DROP' },
        // drop_established, not drop_strict: the TCP handshake must pass for the
        // allow-list to see the TLS server name.
        statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        statefulRuleGroupReferences: [
          { resourceArn: guard.attrRuleGroupArn, priority: 100 },
          { resourceArn: tlsGuard.attrRuleGroupArn, priority: 150 },
          { resourceArn: this.allowList.attrRuleGroupArn, priority: 200 },
        ],
      },
    });
    const protect = props.changeProtection ?? true;
    this.firewall = new nfw.CfnFirewall(this, 'Firewall', {
      firewallName: `${props.namePrefix}-egress`,
      description: 'Inspects all egress of the private subnets (DPP 1.1)',
      firewallPolicyArn: this.policy.attrFirewallPolicyArn,
      vpcId: props.vpc.vpcId,
      subnetMappings: props.subnets.map((subnet) => ({ subnetId: subnet.subnetId })),
      deleteProtection: protect,
      subnetChangeProtection: protect,
    });

    const logGroup = (logId: string) =>
      new EncryptedLogGroup(this, logId, {
        encryptionKey: props.logEncryptionKey,
        retentionDays: props.logRetentionDays,
        removalPolicy: props.removalPolicy,
      });
    this.alertLogs = logGroup('AlertLogs');
    this.flowLogs = logGroup('FlowLogs');
    // With inspection, certificate and server-name mismatches are reported in TLS logs.
    this.tlsLogs = inspection ? logGroup('TlsLogs') : undefined;
    this.declareControls();
    new nfw.CfnLoggingConfiguration(this, 'Logging', {
      firewallArn: this.firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: [
          this.logDestination('ALERT', this.alertLogs),
          this.logDestination('FLOW', this.flowLogs),
          ...(this.tlsLogs ? [this.logDestination('TLS', this.tlsLogs)] : []),
        ],
      },
    });
  }

  /**
   * Outbound TLS inspection of the VPC's egress on TCP 443, when a CA is given. Network
   * Firewall then terminates each TLS connection, checks that the server's certificate
   * matches the server name the client claimed, and re-signs it with the CA. A revoked
   * server certificate is dropped; one whose status cannot be learned (the CA's OCSP or
   * CRL endpoint unreachable) passes, so that an outage of a revocation service is not
   * an outage of SP-API calls.
   */
  private tlsInspection(props: EgressFirewallProps): nfw.CfnTLSInspectionConfiguration | undefined {
    const ca = props.tlsInspectionCertificateAuthorityArn;
    if (ca === undefined) return undefined;
    if (!Token.isUnresolved(ca) && !ACM_CERTIFICATE_ARN.test(ca)) {
      throw new Error(
        `${this.node.path}: tlsInspectionCertificateAuthorityArn '${ca}' is not the ARN of a certificate imported into ACM (arn:aws:acm:<region>:<account>:certificate/<id>); Network Firewall takes no certificate issued by AWS Private CA (DPP 1.1)`,
      );
    }
    return new nfw.CfnTLSInspectionConfiguration(this, 'TlsInspection', {
      tlsInspectionConfigurationName: `${props.namePrefix}-egress-tls-inspection`,
      description:
        'Decrypts egress on TCP 443 to check server names against certificates (DPP 1.1)',
      tlsInspectionConfiguration: {
        serverCertificateConfigurations: [
          {
            certificateAuthorityArn: ca,
            checkCertificateRevocationStatus: {
              revokedStatusAction: 'DROP',
              unknownStatusAction: 'PASS',
            },
            scopes: [
              {
                sources: [{ addressDefinition: props.vpcCidr }],
                destinations: [{ addressDefinition: '0.0.0.0/0' }],
                destinationPorts: [{ fromPort: 443, toPort: 443 }],
                protocols: [6],
              },
            ],
          },
        ],
      },
    });
  }

  /**
   * The id of the firewall endpoint in `availabilityZone`, for a route. The firewall
   * lists its endpoints as `zone:vpce-id` in no particular order, so the id is cut
   * out of the joined list after the zone's name rather than picked by position.
   */
  public endpointIdIn(availabilityZone: string): string {
    const joined = Fn.join(',', this.firewall.attrEndpointIds);
    const afterZone = Fn.select(1, Fn.split(`${availabilityZone}:`, joined));
    return Fn.select(0, Fn.split(',', afterZone));
  }

  /** What the firewall's resources do for the policies, for the compliance report. */
  private declareControls(): void {
    declareControl(this.firewall, {
      clauses: ['DPP 1.1', 'DUP 4.7'],
      summary:
        'Network Firewall on the egress path of every private subnet, protected against deletion',
    });
    declareControl(this.policy, {
      clauses: ['DPP 1.1', 'DUP 4.7'],
      summary: 'Default-deny: drops every flow the protocol guard and the allow-list do not pass',
    });
    declareControl(this.allowList, {
      clauses: ['DUP 4.7', 'DPP 1.5'],
      summary:
        'Egress allow-list by TLS server name: SP-API, LWA and the hosts the environment lists, TLS only',
    });
  }

  private logDestination(
    logType: 'ALERT' | 'FLOW' | 'TLS',
    group: EncryptedLogGroup,
  ): nfw.CfnLoggingConfiguration.LogDestinationConfigProperty {
    return {
      logType,
      logDestinationType: 'CloudWatchLogs',
      logDestination: { logGroup: group.logGroup.logGroupName },
    };
  }
}
