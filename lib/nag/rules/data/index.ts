import { DppRule } from '../../rule';
import { DataStoreClassified } from './DataStoreClassified';
import { DataStoreEncryptedWithCMK } from './DataStoreEncryptedWithCMK';
import { PiiBucketAccessLogged } from './PiiBucketAccessLogged';
import { PiiBucketExpiresWithinRetention } from './PiiBucketExpiresWithinRetention';
import { PiiBucketNotReplicated } from './PiiBucketNotReplicated';
import { PiiBucketPrivateToVpc } from './PiiBucketPrivateToVpc';
import { PiiTablePitrWithinRetention } from './PiiTablePitrWithinRetention';
import { PiiTablePrivateToVpc } from './PiiTablePrivateToVpc';
import { PiiTableTtlEnabled } from './PiiTableTtlEnabled';
import { StatefulResourceRetainedInProduction } from './StatefulResourceRetainedInProduction';
import { TaxArchiveLockedAndCold } from './TaxArchiveLockedAndCold';

/** DPP 2.1-2.6 / DUP 4.5 data store rules (one per file in this folder). */
export const DATA_RULES: readonly DppRule[] = [
  DataStoreClassified,
  DataStoreEncryptedWithCMK,
  PiiBucketExpiresWithinRetention,
  PiiBucketPrivateToVpc,
  PiiBucketNotReplicated,
  PiiBucketAccessLogged,
  PiiTableTtlEnabled,
  PiiTablePitrWithinRetention,
  PiiTablePrivateToVpc,
  TaxArchiveLockedAndCold,
  StatefulResourceRetainedInProduction,
];
