import { DppRule } from '../../rule';
import { AlarmHasAction } from './AlarmHasAction';
import { GuardDutyEnabled } from './GuardDutyEnabled';
import { PiiStoreDataEventsLogged } from './PiiStoreDataEventsLogged';
import { PiiStoreHasCanaryAlarm } from './PiiStoreHasCanaryAlarm';
import { TrailBucketLockedAndPrivate } from './TrailBucketLockedAndPrivate';
import { TrailMultiRegionValidatedWithCMK } from './TrailMultiRegionValidatedWithCMK';
import { VPCDnsFirewallBlocksByDefault } from './VPCDnsFirewallBlocksByDefault';

/** DPP 2.6 / 1.1 / DUP 4.7 audit and monitoring rules (one per file in this folder). */
export const AUDIT_RULES: readonly DppRule[] = [
  TrailMultiRegionValidatedWithCMK,
  TrailBucketLockedAndPrivate,
  PiiStoreDataEventsLogged,
  AlarmHasAction,
  PiiStoreHasCanaryAlarm,
  GuardDutyEnabled,
  VPCDnsFirewallBlocksByDefault,
];
