import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The network perimeter of a data store's resource policy (DPP 2.3 Asset Management,
 * DUP 4.7 Data stays on the internal network): a Deny for every principal whose request
 * does not come through one of the VPC's endpoints, so valid credentials used from a
 * laptop, another network or another service are refused.
 *
 * A few named roles may be exempted from one such statement, each for a documented
 * path that runs outside the VPC (the deletion command, the archive's reader). An
 * exemption is per statement, so a role exempted for listing is still refused reads.
 */
export class VpcOnlyAccess {
  public readonly statement: iam.PolicyStatement;
  private readonly exemptArns: string[] = [];

  constructor(props: {
    readonly sid: string;
    readonly actions: readonly string[];
    readonly resources: readonly string[];
    readonly endpoints: readonly ec2.IVpcEndpoint[];
  }) {
    if (props.endpoints.length === 0) {
      throw new Error(`${props.sid}: no VPC endpoint given; the store would be unreachable`);
    }
    this.statement = new iam.PolicyStatement({
      sid: props.sid,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...props.actions],
      resources: [...props.resources],
      conditions: {
        StringNotEquals: { 'aws:SourceVpce': props.endpoints.map((e) => e.vpcEndpointId) },
      },
    });
  }

  /** Lets `role` make this statement's calls from outside the VPC (its IAM policy must still allow them). */
  public exempt(role: iam.IRole): void {
    if (this.exemptArns.length === 0) {
      this.statement.addCondition('ArnNotEquals', {
        'aws:PrincipalArn': Lazy.list({ produce: () => this.exemptArns }),
      });
    }
    if (!this.exemptArns.includes(role.roleArn)) this.exemptArns.push(role.roleArn);
  }
}
