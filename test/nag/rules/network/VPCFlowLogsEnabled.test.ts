import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { VPCFlowLogsEnabled } from '../../../../lib/nag/rules/network/VPCFlowLogsEnabled';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-VPCFlowLogsEnabled', () => {
  const stack = testStack();
  const vpc = (id: string) =>
    new ec2.Vpc(stack, id, {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

  test('fails if the VPC has no flow log', () => {
    expect(ruleFlags(VPCFlowLogsEnabled, vpc('NoFlowLog'))).toBe(true);
  });

  test('fails if the flow log records rejected traffic only', () => {
    const rejectOnly = vpc('RejectOnly');
    rejectOnly.addFlowLog('Rejects', { trafficType: ec2.FlowLogTrafficType.REJECT });
    expect(ruleFlags(VPCFlowLogsEnabled, rejectOnly)).toBe(true);
  });

  test('fails if only a subnet of the VPC has a flow log', () => {
    const subnetOnly = vpc('SubnetOnly');
    new ec2.FlowLog(stack, 'SubnetFlowLog', {
      resourceType: ec2.FlowLogResourceType.fromSubnet(subnetOnly.isolatedSubnets[0]),
    });
    expect(ruleFlags(VPCFlowLogsEnabled, subnetOnly)).toBe(true);
  });

  test('fails if the traffic type is not known at synth', () => {
    const unknown = vpc('UnknownTraffic');
    new ec2.CfnFlowLog(stack, 'UnknownFlowLog', {
      resourceId: unknown.vpcId,
      resourceType: 'VPC',
      trafficType: Fn.importValue('TrafficTypeFromAnotherStack'),
      logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::flow-logs',
    });
    expect(ruleOutcome(VPCFlowLogsEnabled, unknown)).toEqual(
      threw(
        /^TrafficType of TestStack\/UnknownFlowLog is \{"Fn::ImportValue":"TrafficTypeFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a VPC whose flow log records all traffic', () => {
    const logged = vpc('Logged');
    logged.addFlowLog('All');
    expect(ruleFlags(VPCFlowLogsEnabled, logged)).toBe(false);
  });

  test('does not apply to a subnet', () => {
    const subnet = new ec2.CfnSubnet(stack, 'Subnet', {
      vpcId: 'vpc-12345678',
      cidrBlock: '10.1.0.0/24',
    });
    expect(ruleFlags(VPCFlowLogsEnabled, subnet)).toBe(false);
  });
});
