import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import { Justified } from '../../lib/policy/justified';

export interface WorkloadSecurityGroupProps {
  readonly vpc: ec2.IVpc;
  /**
   * Sources allowed SSH, each with its reason.
   * @default - none: administration through SSM Session Manager only
   */
  readonly adminSshCidrs?: readonly Justified<'cidr'>[];
  /**
   * Description of the group.
   * @default 'SP-API workload: HTTPS out only (DPP 1.1)'
   */
  readonly description?: string;
}

/**
 * The security group of an SP-API workload (DPP 1.1 Network Protection): egress on
 * TCP 443 only, which the egress firewall then filters by TLS server name; no ingress
 * from anywhere unless administrative SSH sources are configured. Administration is
 * through SSM Session Manager, which needs no inbound port.
 */
export class WorkloadSecurityGroup extends ec2.SecurityGroup {
  constructor(scope: Construct, id: string, props: WorkloadSecurityGroupProps) {
    super(scope, id, {
      vpc: props.vpc,
      description: props.description ?? 'SP-API workload: HTTPS out only (DPP 1.1)',
      allowAllOutbound: false,
    });
    this.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS out, filtered by the egress firewall',
    );
    for (const { cidr, reason } of props.adminSshCidrs ?? []) {
      this.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(22), `Administrative SSH: ${reason}`);
    }
    declareControl(this, {
      clauses: ['DPP 1.1'],
      summary:
        'Workload security group: HTTPS out only, no ingress but configured administrative SSH',
    });
  }
}
