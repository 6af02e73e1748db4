import { Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { declareControl } from '../../lib/nag/controls';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import { Justified } from '../../lib/policy/justified';

type AllowedHost = Justified<'host'>;

/** Priority of the rule that admits the allow-list; it is evaluated first. */
export const DNS_ALLOW_RULE_PRIORITY = 100;
/** Priority of the rule that blocks every other domain; it is evaluated last. */
export const DNS_BLOCK_ALL_RULE_PRIORITY = 1000;
/** Priority of the rule group's association with the VPC (100 to 9900). */
const ASSOCIATION_PRIORITY = 101;

/**
 * Names the VPC's own resolver answers without asking anyone outside: EC2 private host
 * names. Not an exfiltration path, and some software resolves its own host name.
 */
function vpcInternalDomains(region: string): AllowedHost[] {
  const zone = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return [
    { host: `.${zone}`, reason: 'EC2 private host names, answered by the VPC resolver itself' },
  ];
}

/**
 * The DNS Firewall domains for an allow-list host: `api.example.com` admits exactly
 * that name; `.example.com` (a domain and its subdomains, as the egress firewall reads
 * it) admits `example.com` and `*.example.com`.
 */
export function dnsDomainsOf(host: string): string[] {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name.startsWith('.') ? [name.slice(1), `*${name}`] : [name];
}

/**
 * The names through which an endpoint of service `service` (the part of its service
 * name after `com.amazonaws.<region>.`, e.g. `secretsmanager`, `ecr.api`) is reached:
 * `<service>.<region>.amazonaws.com` with the service's dotted parts reversed
 * (`api.ecr.<region>.amazonaws.com`) and every subdomain of it
 * (`<bucket>.s3.<region>.amazonaws.com`), and for DynamoDB the account endpoints
 * (`<account>.ddb.<region>.amazonaws.com`) that the AWS SDKs call by default.
 */
export function endpointDomainsOf(service: string, region: string): string[] {
  const reversed = service.split('.').reverse().join('.');
  const base = `${reversed}.${region}.amazonaws.com`;
  const extra = service === 'dynamodb' ? [`*.ddb.${region}.amazonaws.com`] : [];
  return [base, `*.${base}`, ...extra];
}

/** `com.amazonaws.<region>.<service>`, the region literal or a reference to the stack's. */
const SERVICE_NAME = /^com\.amazonaws\.[a-z0-9-]+\.([a-z0-9.-]+)$/;

/**
 * The service part of a VPC endpoint's resolved service name. aws-cdk-lib writes the
 * region as `{ "Ref": "AWS::Region" }` inside an `Fn::Join`; anything else is not known
 * at synth.
 */
export function endpointServiceOf(resolvedServiceName: unknown): string | undefined {
  const text = (part: unknown): string | undefined => {
    if (typeof part === 'string') return part;
    if (
      part !== null &&
      typeof part === 'object' &&
      (part as { Ref?: unknown }).Ref === 'AWS::Region'
    ) {
      return 'region';
    }
    return undefined;
  };
  let name = text(resolvedServiceName);
  const join = (resolvedServiceName as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (name === undefined && Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const parts = (join[1] as unknown[]).map(text);
    if (parts.every((p) => p !== undefined)) name = parts.join('');
  }
  return name === undefined ? undefined : SERVICE_NAME.exec(name)?.[1];
}

export interface DnsFirewallProps {
  /** The VPC whose resolver queries are filtered. */
  readonly vpc: ec2.IVpc;
  /**
   * The egress allow-list (`EgressFirewall.allowedHosts`): the same list the Network
   * Firewall admits by TLS server name, so the two cannot drift.
   */
  readonly allowedHosts: readonly AllowedHost[];
  /** Prefix of the physical names, e.g. `spapi-dpp-prod`. */
  readonly namePrefix: string;
  /** Key of the audit-log data class, for the query log group. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the query logs, in days (at least 90, DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * Further AWS or internal names the VPC must resolve that no endpoint of the VPC
   * provides, each with its reason.
   * @default - none
   */
  readonly additionalDomains?: readonly AllowedHost[];
  /**
   * What happens to the query log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether the association is protected against change and removal (mutation
   * protection), so nobody can quietly take the VPC out of the firewall. A protected
   * association blocks deleting the stack until the protection is switched off.
   * @default true
   */
  readonly changeProtection?: boolean;
}

/**
 * Route 53 Resolver DNS Firewall for a VPC (DUP 4.7 Data stays on the internal network;
 * DPP 1.1 Network Protection). The egress firewall filters connections by TLS server
 * name, but a DNS query for `<data>.attacker.example` leaves through the VPC resolver
 * before any connection is made. This firewall answers NXDOMAIN to every query but:
 *
 * - the egress allow-list's hosts (the same list as the Network Firewall's);
 * - the names of the VPC's endpoints, derived at synth from the endpoints themselves,
 *   so that an endpoint added to the VPC is resolvable without a second list;
 * - the VPC's own EC2 host names, and `additionalDomains`.
 *
 * The allow rule (priority 100) trusts the CNAME chain of an admitted name, which its
 * owner controls; the block-all rule (priority 1000) comes last. The firewall fails
 * closed: if it cannot evaluate a query, the query is refused. Every query, admitted or
 * not, is logged to an encrypted log group.
 */
export class DnsFirewall extends Construct {
  public readonly allowList: route53resolver.CfnFirewallDomainList;
  public readonly blockAllList: route53resolver.CfnFirewallDomainList;
  public readonly ruleGroup: route53resolver.CfnFirewallRuleGroup;
  public readonly association: route53resolver.CfnFirewallRuleGroupAssociation;
  public readonly queryLogs: EncryptedLogGroup;
  private readonly props: DnsFirewallProps;

  constructor(scope: Construct, id: string, props: DnsFirewallProps) {
    super(scope, id);
    if (props.allowedHosts.length === 0) {
      throw new Error(`${this.node.path}: allowedHosts is empty; pass the egress allow-list`);
    }
    this.props = props;
    this.allowList = new route53resolver.CfnFirewallDomainList(this, 'AllowList', {
      name: `${props.namePrefix}-dns-allow-list`,
      domains: Lazy.list({ produce: () => this.allowedDomains() }),
    });
    this.blockAllList = new route53resolver.CfnFirewallDomainList(this, 'AllDomains', {
      name: `${props.namePrefix}-dns-all-domains`,
      domains: ['*'],
    });
    this.ruleGroup = new route53resolver.CfnFirewallRuleGroup(this, 'RuleGroup', {
      name: `${props.namePrefix}-dns-egress`,
      firewallRules: [
        {
          priority: DNS_ALLOW_RULE_PRIORITY,
          action: 'ALLOW',
          firewallDomainListId: this.allowList.attrId,
          firewallDomainRedirectionAction: 'TRUST_REDIRECTION_DOMAIN',
        },
        {
          priority: DNS_BLOCK_ALL_RULE_PRIORITY,
          action: 'BLOCK',
          blockResponse: 'NXDOMAIN',
          firewallDomainListId: this.blockAllList.attrId,
        },
      ],
    });
    this.association = new route53resolver.CfnFirewallRuleGroupAssociation(this, 'Association', {
      name: `${props.namePrefix}-dns-egress`,
      firewallRuleGroupId: this.ruleGroup.attrId,
      vpcId: props.vpc.vpcId,
      priority: ASSOCIATION_PRIORITY,
      mutationProtection: (props.changeProtection ?? true) ? 'ENABLED' : 'DISABLED',
    });
    new route53resolver.CfnFirewallConfig(this, 'FailClosed', {
      resourceId: props.vpc.vpcId,
      firewallFailOpen: 'DISABLED',
    });
    declareControl(this.association, {
      clauses: ['DUP 4.7', 'DPP 1.1'],
      summary:
        'The VPC resolves only the egress allow-list and the AWS endpoints it needs; every other name gets NXDOMAIN, so DNS carries no data out',
    });

    this.queryLogs = new EncryptedLogGroup(this, 'QueryLogs', {
      encryptionKey: props.logEncryptionKey,
      retentionDays: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    const queryLogging = new route53resolver.CfnResolverQueryLoggingConfig(this, 'QueryLogging', {
      name: `${props.namePrefix}-dns-queries`,
      destinationArn: this.queryLogs.logGroup.logGroupArn,
    });
    new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'QueryLoggingAssociation', {
      resolverQueryLogConfigId: queryLogging.attrId,
      resourceId: props.vpc.vpcId,
    });
  }

  /**
   * Every domain the firewall admits, sorted and without duplicates: the allow-list's,
   * the VPC endpoints', the VPC's internal names and the additional ones.
   */
  public allowedDomains(): string[] {
    const { region } = Stack.of(this);
    const hosts = [
      ...this.props.allowedHosts,
      ...vpcInternalDomains(region),
      ...(this.props.additionalDomains ?? []),
    ];
    const domains = [
      ...hosts.flatMap((h) => dnsDomainsOf(h.host)),
      ...this.endpointServices().flatMap((service) => endpointDomainsOf(service, region)),
    ];
    return [...new Set(domains)].sort();
  }

  /** The services of the VPC endpoints of this VPC, anywhere in the stack. */
  private endpointServices(): string[] {
    const stack = Stack.of(this);
    const vpcId = JSON.stringify(stack.resolve(this.props.vpc.vpcId));
    return stack.node
      .findAll()
      .filter((c): c is ec2.CfnVPCEndpoint => c instanceof ec2.CfnVPCEndpoint)
      .filter((endpoint) => JSON.stringify(stack.resolve(endpoint.vpcId)) === vpcId)
      .map((endpoint) => {
        const name = stack.resolve(endpoint.serviceName);
        const service = endpointServiceOf(name);
        if (service === undefined) {
          throw new Error(
            `${endpoint.node.path}: service name ${JSON.stringify(name)} is not known at synth; the DNS Firewall cannot admit its domain`,
          );
        }
        return service;
      });
  }
}
