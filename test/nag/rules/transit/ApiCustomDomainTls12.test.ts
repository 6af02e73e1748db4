import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ApiCustomDomainTls12 } from '../../../../lib/nag/rules/transit/ApiCustomDomainTls12';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-ApiCustomDomainTls12', () => {
  const stack = testStack();
  const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
  const restDomain = (id: string, securityPolicy?: apigw.SecurityPolicy) =>
    new apigw.DomainName(stack, id, {
      domainName: `${id.toLowerCase()}.example.com`,
      certificate,
      securityPolicy,
    });
  const cfnRestDomain = (id: string, securityPolicy: string) =>
    new apigw.CfnDomainName(stack, id, {
      domainName: `${id.toLowerCase()}.example.com`,
      regionalCertificateArn: CERTIFICATE_ARN,
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy,
    });

  test('fails if a REST API domain accepts TLS 1.0', () => {
    const domain = restDomain('Tls10', apigw.SecurityPolicy.TLS_1_0);
    expect(ruleFlags(ApiCustomDomainTls12, domain)).toBe(true);
  });

  test('fails if a REST API domain sets no security policy', () => {
    expect(ruleFlags(ApiCustomDomainTls12, restDomain('NoPolicy'))).toBe(true);
  });

  test('fails if an HTTP/WebSocket API domain sets no security policy', () => {
    const domain = new apigwv2.DomainName(stack, 'V2NoPolicy', {
      domainName: 'v2-none.example.com',
      certificate,
    });
    expect(ruleFlags(ApiCustomDomainTls12, domain)).toBe(true);
  });

  test('fails if one endpoint configuration of a v2 domain sets no security policy', () => {
    const domain = new apigwv2.CfnDomainName(stack, 'V2Mixed', {
      domainName: 'v2-mixed.example.com',
      domainNameConfigurations: [
        { certificateArn: CERTIFICATE_ARN, securityPolicy: 'TLS_1_2' },
        { certificateArn: CERTIFICATE_ARN },
      ],
    });
    expect(ruleFlags(ApiCustomDomainTls12, domain)).toBe(true);
  });

  test('fails if the security policy is not known at synth', () => {
    const domain = cfnRestDomain('Unknown', Fn.importValue('PolicyFromAnotherStack'));
    expect(ruleOutcome(ApiCustomDomainTls12, domain)).toEqual(
      threw(
        /^SecurityPolicy of \S+ is \{"Fn::ImportValue":"PolicyFromAnotherStack"\}, not a value known at synth$/,
      ),
    );
  });

  test('passes a REST API domain with TLS_1_2', () => {
    const domain = restDomain('Tls12', apigw.SecurityPolicy.TLS_1_2);
    expect(ruleFlags(ApiCustomDomainTls12, domain)).toBe(false);
  });

  test.each([
    'SecurityPolicy_TLS13_1_3_2025_09',
    'SecurityPolicy_TLS13_1_2_PQ_2025_09',
    'SecurityPolicy_TLS12_PFS_2025_EDGE',
  ])('passes a REST API domain with the enhanced policy %s', (securityPolicy) => {
    expect(ruleFlags(ApiCustomDomainTls12, cfnRestDomain(securityPolicy, securityPolicy))).toBe(
      false,
    );
  });

  test('passes an HTTP/WebSocket API domain with TLS_1_2', () => {
    const domain = new apigwv2.DomainName(stack, 'V2Tls12', {
      domainName: 'v2-tls12.example.com',
      certificate,
      securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
    });
    expect(ruleFlags(ApiCustomDomainTls12, domain)).toBe(false);
  });
});
