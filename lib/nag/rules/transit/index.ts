import { DppRule } from '../../rule';
import { ApiCustomDomainTls12 } from './ApiCustomDomainTls12';
import { LoadBalancerListenerTls12 } from './LoadBalancerListenerTls12';
import { NetworkFirewallPassesTlsOnly } from './NetworkFirewallPassesTlsOnly';
import { S3BucketRequiresTls12 } from './S3BucketRequiresTls12';

/** DPP 1.5 encryption-in-transit rules (one per file in this folder). */
export const TRANSIT_RULES: readonly DppRule[] = [
  S3BucketRequiresTls12,
  LoadBalancerListenerTls12,
  ApiCustomDomainTls12,
  NetworkFirewallPassesTlsOnly,
];
