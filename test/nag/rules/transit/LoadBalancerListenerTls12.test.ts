import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LoadBalancerListenerTls12 } from '../../../../lib/nag/rules/transit/LoadBalancerListenerTls12';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-LoadBalancerListenerTls12', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
  const certificate = elbv2.ListenerCertificate.fromArn(
    'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
  );
  const ok = elbv2.ListenerAction.fixedResponse(200);
  let port = 8000;
  const httpsListener = (id: string, sslPolicy?: elbv2.SslPolicy) =>
    alb.addListener(id, {
      port: port++,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy,
      defaultAction: ok,
    });
  const httpListener = (id: string, defaultAction: elbv2.ListenerAction) =>
    alb.addListener(id, {
      port: port++,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction,
    });
  const cfnListener = (id: string, properties: Partial<elbv2.CfnListenerProps>) =>
    new elbv2.CfnListener(stack, id, {
      loadBalancerArn: alb.loadBalancerArn,
      port: port++,
      protocol: 'HTTPS',
      defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
      ...properties,
    });

  test.each([
    'ELBSecurityPolicy-2016-08',
    'ELBSecurityPolicy-TLS-1-1-2017-01',
    'ELBSecurityPolicy-TLS13-1-0-2021-06',
    'ELBSecurityPolicy-TLS13-1-1-2021-06',
    'ELBSecurityPolicy-FS-1-1-2019-08',
    'ELBSecurityPolicy-FS-2018-06',
  ])('fails if an HTTPS listener uses %s', (sslPolicy) => {
    expect(
      ruleFlags(LoadBalancerListenerTls12, cfnListener(`Old${sslPolicy}`, { sslPolicy })),
    ).toBe(true);
  });

  test('fails if an HTTPS listener has no SslPolicy', () => {
    expect(ruleFlags(LoadBalancerListenerTls12, cfnListener('NoPolicy', {}))).toBe(true);
  });

  test("passes an L2 HTTPS listener left at the project's default policy", () => {
    // cdk.json sets @aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy.
    expect(ruleFlags(LoadBalancerListenerTls12, httpsListener('ProjectDefault'))).toBe(false);
  });

  test('fails if a TLS listener has no SslPolicy', () => {
    const tls = cfnListener('TlsNoPolicy', { protocol: 'TLS' });
    expect(ruleFlags(LoadBalancerListenerTls12, tls)).toBe(true);
  });

  test('fails if an HTTP listener serves requests', () => {
    const http = httpListener('Http', ok);
    expect(ruleFlags(LoadBalancerListenerTls12, http)).toBe(true);
  });

  test('fails if an HTTP listener redirects to HTTP', () => {
    const toHttp = elbv2.ListenerAction.redirect({ protocol: 'HTTP', port: '8080' });
    const http = httpListener('HttpToHttp', toHttp);
    expect(ruleFlags(LoadBalancerListenerTls12, http)).toBe(true);
  });

  test('fails if a rule of an HTTP redirect listener forwards plain HTTP', () => {
    const toHttps = elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443' });
    const http = httpListener('HttpWithRule', toHttps);
    http.addAction('Served', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/health'])],
      action: ok,
    });
    expect(ruleFlags(LoadBalancerListenerTls12, http)).toBe(true);
  });

  test('fails if an ALB listener without a protocol (HTTP) serves requests', () => {
    const implicitHttp = cfnListener('ImplicitHttp', { protocol: undefined });
    expect(ruleFlags(LoadBalancerListenerTls12, implicitHttp)).toBe(true);
  });

  test('fails if the SslPolicy is not known at synth', () => {
    const unknown = cfnListener('Unknown', { sslPolicy: Fn.importValue('PolicyFromAnotherStack') });
    expect(ruleOutcome(LoadBalancerListenerTls12, unknown)).toEqual(
      threw(
        /^SslPolicy of \S+ is \{"Fn::ImportValue":"PolicyFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes an HTTPS listener with the recommended TLS 1.3 policy', () => {
    const listener = httpsListener('Recommended', elbv2.SslPolicy.RECOMMENDED_TLS);
    expect(ruleFlags(LoadBalancerListenerTls12, listener)).toBe(false);
  });

  test.each([
    'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    'ELBSecurityPolicy-TLS13-1-3-2021-06',
    'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
    'ELBSecurityPolicy-FS-1-2-Res-2020-10',
    'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  ])('passes an HTTPS listener using %s', (sslPolicy) => {
    expect(
      ruleFlags(LoadBalancerListenerTls12, cfnListener(`New${sslPolicy}`, { sslPolicy })),
    ).toBe(false);
  });

  test('passes an HTTP listener that redirects to HTTPS', () => {
    expect(ruleFlags(LoadBalancerListenerTls12, alb.addRedirect())).toBe(false);
  });

  test('does not apply to a TCP listener', () => {
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    const tcp = nlb.addListener('Tcp', {
      port: 443,
      defaultAction: elbv2.NetworkListenerAction.forward([
        new elbv2.NetworkTargetGroup(stack, 'Targets', { vpc, port: 443 }),
      ]),
    });
    expect(ruleFlags(LoadBalancerListenerTls12, tcp)).toBe(false);
  });

  test('does not apply to a Gateway Load Balancer listener', () => {
    const gwlb = new elbv2.CfnLoadBalancer(stack, 'Gwlb', {
      type: 'gateway',
      subnets: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    const geneve = new elbv2.CfnListener(stack, 'Geneve', {
      loadBalancerArn: gwlb.ref,
      defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:tg' }],
    });
    expect(ruleFlags(LoadBalancerListenerTls12, geneve)).toBe(false);
  });
});
