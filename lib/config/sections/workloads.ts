import { cite } from '../../policy/clauses';
import { sellingPartnerIdProblem } from '../../policy/sp-api';
import { SectionContext } from '../environments';
import { fields, flag, list, shown, text, tooMany, wholeNumber } from '../fields';

/** An Amazon marketplace id, e.g. `A1F83G8C2ARO7P` (UK) or `ATVPDKIKX0DER` (US). */
const MARKETPLACE_ID = /^A[A-Z0-9]{9,15}$/;
const MAX_SELLING_PARTNERS = 100;

/** The reference order-sync workload (constructs/workloads/order-sync). */
function orderSync(isProd: boolean) {
  return fields(
    {
      enabled: flag({
        description:
          'Whether the environment runs the reference order-sync workload, which keeps the shipping addresses of merchant-fulfilled orders in the PII table. On by default in test, off in prod until you enable it (or replace it with your application: docs/workloads.md).',
      }).default(!isProd),
      scheduleMinutes: wholeNumber({
        description: `Minutes between runs. Each run lists the orders updated since the last one; the Orders API allows about one listing a minute per selling partner (${cite('AUP 2.9')}).`,
        unit: 'minutes',
        min: {
          value: 5,
          source: `the Orders API's getOrders rate (${cite('AUP 2.9')})`,
          baseline: true,
        },
        max: {
          value: 1440,
          source: 'this baseline, so that an address arrives the day the order does',
          baseline: true,
        },
      }).default(15),
      marketplaceIds: list(
        text({
          description: 'An Amazon marketplace id, e.g. A1F83G8C2ARO7P (UK).',
          pattern: MARKETPLACE_ID,
          expected: 'an Amazon marketplace id such as A1F83G8C2ARO7P',
        }),
        {
          description:
            "The marketplaces whose orders are listed. Left empty, the main marketplace of the environment's SP-API region (NA: US, EU: UK, FE: JP).",
          maxItems: 50,
          countProblem: (count) => `${count} marketplaces given; the Orders API takes at most 50`,
          problems: [
            (ids) =>
              new Set(ids).size === ids.length
                ? undefined
                : `${shown(ids)} names a marketplace twice`,
          ],
        },
      ).default([]),
      sellingPartnerIds: list(
        text({
          description: 'A selling partner id onboarded with npm run add-selling-partner.',
          problems: [sellingPartnerIdProblem],
        }),
        {
          description:
            "The selling partners whose orders are synchronized: each must be onboarded (npm run add-selling-partner) in this environment. Naming them here keeps the function's permissions to reading their secrets; empty, a run does nothing.",
          maxItems: MAX_SELLING_PARTNERS,
          countProblem: (count) =>
            tooMany(
              count,
              'selling partners',
              MAX_SELLING_PARTNERS,
              'they reach the function in its environment variables, which Lambda limits to 4 KB in all',
            ),
          problems: [
            (ids) =>
              new Set(ids).size === ids.length
                ? undefined
                : `${shown(ids)} names a selling partner twice`,
          ],
        },
      ).default([]),
    },
    {
      description: `The reference order-sync workload: merchant-fulfilled orders' shipping addresses, fetched with restricted data tokens into the PII table (${cite('AUP 4.1')}, ${cite('DPP 2.1')}).`,
    },
  ).prefault({});
}

/** The `workloads` section: the SP-API applications that run in the environment. */
export function workloadsSection({ isProd }: SectionContext) {
  return fields(
    { orderSync: orderSync(isProd) },
    {
      description:
        'The workloads (SP-API applications) that run inside the baseline of the environment (docs/workloads.md).',
    },
  ).prefault({});
}
