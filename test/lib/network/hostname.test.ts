import { allowListEntryProblem, isPublicSuffix } from '../../../lib/network/hostname';
import { SHARED_HOSTING_DOMAINS } from '../../../lib/policy/shared-hosting';
import { SP_API_HOSTS, SP_API_SANDBOX_HOSTS } from '../../../lib/policy/sp-api';

describe('egress allow-list entries', () => {
  test.each([...SP_API_HOSTS, ...SP_API_SANDBOX_HOSTS].map((h) => h.host))(
    'accepts the SP-API host %s',
    (host) => expect(allowListEntryProblem(host)).toBeUndefined(),
  );

  test.each([
    'api.carrier.example',
    '.example.co.uk',
    'api.example.com',
    'sqs.eu-west-1.amazonaws.com',
  ])('accepts a host or domain of one owner: %s', (entry) =>
    expect(allowListEntryProblem(entry)).toBeUndefined(),
  );

  test.each(['.co.uk', 'co.uk', '.com.au', 's3.eu-west-1.amazonaws.com'])(
    'fails if the entry is a public suffix: %s',
    (entry) => expect(allowListEntryProblem(entry)).toMatch(/^is a public suffix/),
  );

  test('knows the public suffixes of the ICANN and the private sections', () => {
    expect(isPublicSuffix('co.uk')).toBe(true);
    expect(isPublicSuffix('github.io')).toBe(true);
    expect(isPublicSuffix('example.co.uk')).toBe(false);
  });

  describe.each(SHARED_HOSTING_DOMAINS.map((d) => [d.domain, d] as const))(
    '%s',
    (domain, shared) => {
      test('fails if the entry covers the domain', () => {
        expect(allowListEntryProblem(`.${domain}`)).toMatch(
          new RegExp(`^covers ${domain.replace(/\./g, '\\.')}, a shared-hosting domain`),
        );
      });

      test('fails if the entry is the domain itself', () => {
        expect(allowListEntryProblem(domain)).toBeDefined();
      });

      test('fails if the entry covers part of the domain', () => {
        expect(allowListEntryProblem(`.region-1.${domain}`)).toBeDefined();
      });

      if (shared.tenantNamedBy === 'host') {
        test('accepts the full host of one customer that the error suggests', () => {
          expect(shared.example.endsWith(`.${domain}`)).toBe(true);
          expect(allowListEntryProblem(shared.example)).toBeUndefined();
        });
      } else {
        test('fails if the entry is a full host under it: the request picks the customer', () => {
          expect(allowListEntryProblem(`www.${domain}`)).toMatch(/chosen by the request/);
        });
      }
    },
  );
});
