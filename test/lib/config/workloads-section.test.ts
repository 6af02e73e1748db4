import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, validateConfig } from '../../../lib/config/validate';

/** The `workloads` section: the reference order sync's settings (issue 12). */
function shipped(): any {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/baseline.json'), 'utf8'));
}

function errorsOf(change: (config: any) => void): readonly string[] {
  const raw = shipped();
  change(raw);
  try {
    validateConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.errors;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

describe('config: workloads', () => {
  test('runs the order sync in test and not in prod unless enabled, every 15 minutes', () => {
    const { config } = validateConfig(shipped());
    expect(config.environments.test.workloads.orderSync).toEqual({
      enabled: true,
      scheduleMinutes: 15,
      marketplaceIds: [],
      sellingPartnerIds: [],
    });
    expect(config.environments.prod.workloads.orderSync.enabled).toBe(false);
    const raw = shipped();
    raw.environments.prod.workloads = { orderSync: { enabled: true } };
    expect(validateConfig(raw).config.environments.prod.workloads.orderSync.enabled).toBe(true);
  });

  test('fails if a run would come faster than the Orders API allows, or a marketplace id is not one', () => {
    expect(
      errorsOf((c) => {
        c.environments.test.workloads = {
          orderSync: { scheduleMinutes: 1, marketplaceIds: ['UK'] },
        };
      }),
    ).toEqual([
      expect.stringMatching(
        /^environments\.test\.workloads\.orderSync\.scheduleMinutes: 1 minute is below the 5 minutes this baseline requires for the Orders API's getOrders rate \(AUP 2\.9/,
      ),
      'environments.test.workloads.orderSync.marketplaceIds[0]: "UK" is not an Amazon marketplace id such as A1F83G8C2ARO7P',
    ]);
  });

  test('fails if a selling partner id could reach into another key prefix', () => {
    expect(
      errorsOf((c) => {
        c.environments.test.workloads = { orderSync: { sellingPartnerIds: ['A1/../B2'] } };
      }),
    ).toEqual([
      "environments.test.workloads.orderSync.sellingPartnerIds[0]: the selling partner id contains '/', which would reach into another key prefix",
    ]);
  });
});
