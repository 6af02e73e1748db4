/**
 * Network facts the checks and the constructs share (DPP 1.1 Network Protection, DUP
 * 4.7 Data stays on the internal network): the tag that names a subnet's tier, and
 * which tiers are the egress path itself and therefore no place for a workload.
 */

/** Tag on every subnet of the baseline VPC naming its tier. */
export const NETWORK_TIER_TAG = 'NetworkTier';

/** The subnet tiers of the baseline VPC, as the `NetworkTier` tag values them. */
export const NETWORK_TIERS = ['private', 'isolated', 'firewall', 'nat'] as const;
export type NetworkTier = (typeof NETWORK_TIERS)[number];

/**
 * Tiers that carry egress to the internet: firewall endpoints (whose way out is the NAT
 * gateway, after inspection) and NAT gateways (whose way out is the internet gateway).
 * A workload placed there reaches the internet without the firewall's inspection.
 */
export const EGRESS_PATH_TIERS: readonly NetworkTier[] = ['firewall', 'nat'];
