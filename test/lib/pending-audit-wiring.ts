/**
 * The findings the shipped app has until `BaselineStack` composes the audit capability
 * (`BaselineAudit`) and a `DnsFirewall` for its VPC (issue 10; the wiring is done with
 * the audit config section). The app tests expect exactly these, so that they fail, and
 * this file must go, the moment the wiring lands.
 */
const STORES = [
  'Data/PiiBucket/Resource/Resource',
  'Data/PiiTable/Resource/Resource',
  'Data/TaxArchive/Resource/Resource',
];

export const PENDING_AUDIT_WIRING: readonly string[] = ['Prod', 'Test'].flatMap((stage) => {
  const at = (path: string) => `${stage}/Baseline/${path}`;
  return [
    ...STORES.map((store) => `DPP-PiiStoreDataEventsLogged at ${at(store)}`),
    ...STORES.filter((store) => !store.includes('TaxArchive')).map(
      (store) => `DPP-PiiStoreHasCanaryAlarm at ${at(store)}`,
    ),
    `DPP-VPCDnsFirewallBlocksByDefault at ${at('Network/Vpc/Resource')}`,
  ];
});
