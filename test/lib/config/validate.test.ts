import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../lib/config/load';
import { ConfigError, validateConfig } from '../../../lib/config/validate';

/** The shipped config, parsed afresh for each test so mutations do not leak. */
function shippedConfig(): any {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/baseline.json'), 'utf8'));
}

/** The errors `validateConfig` reports for `raw`; fails the test if it accepts it. */
function errorsOf(raw: unknown): readonly string[] {
  try {
    validateConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.errors;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

function withChange(change: (config: any) => void): any {
  const config = shippedConfig();
  change(config);
  return config;
}

describe('config validation', () => {
  test('accepts the shipped config and applies the secure defaults', () => {
    const { config } = loadConfig();
    expect(config.environments.prod.terminationProtection).toBe(true);
    expect(config.environments.prod.removalPolicy).toBe('retain');
    expect(config.environments.test.terminationProtection).toBe(false);
    expect(config.environments.prod.network.adminSshCidrs).toEqual([]);
    expect(config.environments.prod.data.piiRetentionDays).toBe(30);
  });

  test('leaves out nothing a minimal environment needs: defaults fill the rest', () => {
    const { config } = validateConfig(
      withChange((c) => {
        c.environments.prod = {
          account: '222222222222',
          region: 'us-east-1',
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          network: { vpcCidr: '10.30.0.0/16' },
        };
      }),
    );
    const prod = config.environments.prod;
    expect(prod.audit.logRetentionDays).toBe(365);
    expect(prod.network.firewallEndpoints).toBe('perAz');
    expect(prod.network.allowSandboxHosts).toBe(false);
    expect(prod.data.keyDeletionWindowDays).toBe(30);
    expect(prod.data.taxArchive).toEqual({
      retentionYears: 10,
      objectLockMode: 'COMPLIANCE',
      readerOutsideVpc: true,
    });
  });

  test('fails if a log retention is negative', () => {
    expect(errorsOf(withChange((c) => (c.environments.test.audit.logRetentionDays = -5)))).toEqual([
      'environments.test.audit.logRetentionDays: -5 days is below the 90 days required by DPP 2.6 Logging and Monitoring',
    ]);
  });

  test('fails if prod keeps logs less than the baseline year', () => {
    expect(errorsOf(withChange((c) => (c.environments.prod.audit.logRetentionDays = 30)))).toEqual([
      'environments.prod.audit.logRetentionDays: 30 days is below the 365 days this baseline requires for DPP 2.6 Logging and Monitoring',
    ]);
  });

  test('fails if a retention is not one CloudWatch Logs accepts', () => {
    expect(
      errorsOf(withChange((c) => (c.environments.test.audit.logRetentionDays = 100)))[0],
    ).toMatch(
      /^environments\.test\.audit\.logRetentionDays: 100 is not a retention CloudWatch Logs accepts \(90, 120/,
    );
  });

  test('fails if a CIDR is malformed', () => {
    expect(
      errorsOf(withChange((c) => (c.environments.test.network.vpcCidr = '10.20.0.0/33'))),
    ).toEqual([
      'environments.test.network.vpcCidr: "10.20.0.0/33" is a malformed CIDR: prefix /33 is beyond /32',
    ]);
    expect(
      errorsOf(
        withChange(
          (c) =>
            (c.environments.prod.network.deniedCidrs = [
              { cidr: '100.70.0.7/16', reason: 'threat feed' },
            ]),
        ),
      ),
    ).toEqual([
      'environments.prod.network.deniedCidrs[0].cidr: "100.70.0.7/16" is a malformed CIDR: host bits are set; the network is 100.70.0.0/16',
    ]);
    expect(
      errorsOf(withChange((c) => (c.environments.prod.network.vpcCidr = '300.1.0.0/16')))[0],
    ).toMatch(/vpcCidr: "300.1.0.0\/16" is a malformed CIDR: not an IPv4 address/);
  });

  test('fails if the VPC CIDRs of test and prod overlap', () => {
    expect(
      errorsOf(withChange((c) => (c.environments.prod.network.vpcCidr = '10.20.128.0/17'))),
    ).toEqual([
      'environments.prod.network.vpcCidr: 10.20.128.0/17 overlaps environments.test.network.vpcCidr 10.20.0.0/16; give each environment its own address range so they can never be confused or routed together',
    ]);
  });

  test('fails if a denied CIDR covers the VPC itself', () => {
    expect(
      errorsOf(
        withChange((c) =>
          c.environments.test.network.deniedCidrs.push({ cidr: '10.0.0.0/8', reason: 'too broad' }),
        ),
      ),
    ).toEqual([
      'environments.test.network.deniedCidrs[0].cidr: "10.0.0.0/8" overlaps the VPC\'s own 10.20.0.0/16 and would cut internal traffic',
    ]);
  });

  test('fails if a denied CIDR repeats a reserved range or an earlier entry', () => {
    expect(
      errorsOf(
        withChange((c) => {
          c.environments.test.network.deniedCidrs = [
            { cidr: '192.0.2.0/25', reason: 'copied from an example' },
            { cidr: '203.0.112.0/24', reason: 'threat feed' },
            { cidr: '203.0.112.128/25', reason: 'threat feed again' },
          ];
        }),
      ),
    ).toEqual([
      'environments.test.network.deniedCidrs[0].cidr: "192.0.2.0/25" overlaps 192.0.2.0/24, which every network ACL already denies (RFC 5737 TEST-NET-1 documentation range)',
      'environments.test.network.deniedCidrs[2].cidr: "203.0.112.128/25" overlaps environments.test.network.deniedCidrs[1]',
    ]);
  });

  test('fails if an SSH source is denied first', () => {
    expect(
      errorsOf(
        withChange((c) => {
          c.environments.prod.network.deniedCidrs = [
            { cidr: '100.70.0.0/16', reason: 'threat feed' },
          ];
          c.environments.prod.network.adminSshCidrs = [{ cidr: '100.70.1.0/24', reason: 'VPN' }];
        }),
      ),
    ).toEqual([
      'environments.prod.network.adminSshCidrs[0].cidr: "100.70.1.0/24" overlaps the denied 100.70.0.0/16; the deny-list comes first on every network ACL, so SSH from it would never arrive',
    ]);
  });

  test('fails if the deny-list would exceed the network ACL quota', () => {
    const errors = errorsOf(
      withChange((c) => {
        c.environments.prod.network.deniedCidrs = Array.from({ length: 11 }, (_, i) => ({
          cidr: `100.${64 + i}.0.0/16`,
          reason: 'threat feed',
        }));
      }),
    );
    expect(errors).toEqual([
      'environments.prod.network.deniedCidrs: 11 entries (plus 8 reserved ranges and 0 SSH sources) give a network ACL 22 rules in one direction, above the 20 EC2 allows by default; aggregate the ranges into fewer CIDRs',
    ]);
  });

  test.each([
    'https://api.example.com',
    'api.example.com:443',
    '*.example.com',
    '52.94.1.1',
    'Api.Example.com',
  ])('fails if an allow-list entry is not a hostname: %s', (host) => {
    const errors = errorsOf(
      withChange(
        (c) => (c.environments.prod.network.egressAllowList = [{ host, reason: 'carrier API' }]),
      ),
    );
    expect(errors).toEqual([
      `environments.prod.network.egressAllowList[0].host: ${JSON.stringify(host)} is not a hostname: give a lower-case name such as api.example.com, or .example.com for a domain and its subdomains (no scheme, path, port, '*' or IP address)`,
    ]);
  });

  test('fails if an allow-list entry has no reason', () => {
    expect(
      errorsOf(
        withChange(
          (c) => (c.environments.prod.network.egressAllowList = [{ host: 'api.example.com' }]),
        ),
      ),
    ).toEqual([
      'environments.prod.network.egressAllowList[0].reason: is required (a reason a reviewer can read)',
    ]);
  });

  test('fails if a field is unknown, and suggests the field meant', () => {
    expect(
      errorsOf(
        withChange((c) => {
          c.environments.prod.audit.logRetentionDay = 365;
          c.environments.prod.network.vpcCird = '10.30.0.0/16';
        }),
      ),
    ).toEqual([
      "environments.prod.audit.logRetentionDay: unknown field (did you mean 'logRetentionDays'?); allowed fields are logRetentionDays, trail, alarms, threatDetection",
      "environments.prod.network.vpcCird: unknown field (did you mean 'vpcCidr'?); allowed fields are vpcCidr, firewallEndpoints, interfaceEndpointZones, egressAllowList, allowSandboxHosts, deniedCidrs, adminSshCidrs, tlsInspectionCertificateAuthorityArn, dnsFirewall",
    ]);
  });

  test('fails if several fields of one object are unknown, naming each', () => {
    expect(
      errorsOf(
        withChange((c) => {
          c.environments.test.data.piiRetention = 30;
          c.environments.test.data.colour = 'blue';
        }),
      ),
    ).toEqual([
      "environments.test.data.piiRetention: unknown field (did you mean 'piiRetentionDays'?); allowed fields are piiRetentionDays, pitrRecoveryPeriodDays, keyDeletionWindowDays, taxArchive, keyPolicyAdministratorArns",
      'environments.test.data.colour: unknown field; allowed fields are piiRetentionDays, pitrRecoveryPeriodDays, keyDeletionWindowDays, taxArchive, keyPolicyAdministratorArns',
    ]);
  });

  test('fails if an availability zone is outside its region', () => {
    expect(
      errorsOf(
        withChange(
          (c) => (c.environments.prod.availabilityZones = ['eu-west-1a', 'eu-central-1b']),
        ),
      ),
    ).toEqual([
      'environments.prod.availabilityZones[1]: "eu-central-1b" is not in the environment\'s region eu-west-1',
    ]);
  });

  test.each(['12345678901', '1234567890123', 'abcdefghijkl', 123456789012])(
    'fails if an account id is not 12 digits: %s',
    (account) => {
      const errors = errorsOf(withChange((c) => (c.environments.test.account = account)));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^environments\.test\.account: /);
      expect(errors[0]).toMatch(
        typeof account === 'number' ? /expected a string/ : /is not a 12-digit AWS account id/,
      );
    },
  );

  test('fails if PII retention is above the 30 days of DPP 2.1', () => {
    expect(errorsOf(withChange((c) => (c.environments.prod.data.piiRetentionDays = 31)))).toEqual([
      'environments.prod.data.piiRetentionDays: 31 days is above the 30 days allowed by DPP 2.1 Data Retention',
    ]);
  });

  test('fails if the tax archive retention is 0', () => {
    expect(
      errorsOf(withChange((c) => (c.environments.prod.data.taxArchive.retentionYears = 0))),
    ).toEqual([
      'environments.prod.data.taxArchive.retentionYears: 0 years is below the 1 year required by DPP 2.1 Data Retention (an archive is kept only because law requires it, so it has a legal period)',
    ]);
  });

  test('fails if the key deletion window is below 7 days', () => {
    expect(
      errorsOf(withChange((c) => (c.environments.test.data.keyDeletionWindowDays = 6)))[0],
    ).toMatch(
      /^environments\.test\.data\.keyDeletionWindowDays: 6 days is below the 7 days required by the KMS API \(.*DPP 1\.7 Request for Deletion or Return/,
    );
  });

  test('fails if backups would keep PII past the retention limit', () => {
    expect(
      errorsOf(
        withChange((c) => {
          c.environments.prod.data.piiRetentionDays = 10;
          c.environments.prod.data.pitrRecoveryPeriodDays = 8;
        }),
      ),
    ).toEqual([
      'environments.prod.data.pitrRecoveryPeriodDays: 8 days of backups plus 2 days of TTL deletion lag leave no day of the 10-day PII retention for live items; DPP 2.1 Data Retention counts backups as retention. Use at most 7 days',
    ]);
  });

  test('fails if prod is set to be destroyable or unprotected', () => {
    expect(
      errorsOf(
        withChange((c) => {
          c.environments.prod.removalPolicy = 'destroy';
          c.environments.prod.terminationProtection = false;
        }),
      ),
    ).toEqual([
      "environments.prod.removalPolicy: 'destroy' is not allowed for prod: production retains every stateful resource",
      'environments.prod.terminationProtection: false is not allowed for prod: production stacks are termination-protected',
    ]);
  });

  test('fails if an environment is missing, citing DPP 2.5', () => {
    expect(errorsOf(withChange((c) => delete c.environments.test))).toEqual([
      'environments.test: is required: DPP 2.5 Secure Coding Practices requires separate test and production environments',
    ]);
  });

  test('reports every error at once', () => {
    const errors = errorsOf(
      withChange((c) => {
        c.environments.test.account = '42';
        c.environments.test.audit.logRetentionDays = -1;
        c.environments.prod.network.vpcCidr = '10.30.0.0';
        c.environments.prod.availabilityZones = ['us-east-1a', 'eu-west-1b'];
        c.environments.prod.colour = 'blue';
        c.environments.prod.data.piiRetentionDays = 45;
      }),
    );
    expect(errors).toHaveLength(6);
    expect(() => validateConfig(withChange((c) => (c.environments.test.account = '42')))).toThrow(
      /The baseline configuration has 1 error; no template was synthesized:\n {2}- environments\.test\.account/,
    );
  });

  test('warns, without failing, when test and prod share an account', () => {
    const { warnings } = validateConfig(
      withChange((c) => {
        c.environments.prod.account = c.environments.test.account;
        // The account's password policy and threat detection are prod's.
        c.environments.test.access = { passwordPolicy: { ownership: 'another-environment' } };
        c.environments.test.audit.threatDetection = { ownership: 'another-environment' };
      }),
    );
    expect(warnings).toContain(
      'environments.prod.account: test and prod share account 111111111111; DPP 2.5 Secure Coding Practices is met by separate stacks, but separate accounts are recommended',
    );
  });

  test('fails with a clear message if the file is not JSON', () => {
    const file = path.join(fs.mkdtempSync('/tmp/baseline-config-'), 'broken.json');
    fs.writeFileSync(file, '{ "projectName": ');
    expect(() => loadConfig(file)).toThrow(/broken\.json: is not valid JSON/);
  });

  describe('refuses what the docs say is not allowed', () => {
    const allowing = (host: string) =>
      withChange(
        (c) => (c.environments.prod.network.egressAllowList = [{ host, reason: 'carrier API' }]),
      );

    test.each([
      '.amazonaws.com',
      '.cloudfront.net',
      '.s3.amazonaws.com',
      '.blob.core.windows.net',
      '.googleapis.com',
      '.appspot.com',
      '.azurewebsites.net',
      '.herokuapp.com',
      '.github.io',
      '.githubusercontent.com',
      '.pastebin.com',
      '.dropbox.com',
      '.workers.dev',
      '.ngrok.io',
    ])('fails if the allow-list covers a shared-hosting domain: %s', (host) => {
      const [error] = errorsOf(allowing(host));
      expect(error).toMatch(
        new RegExp(
          `^environments\\.prod\\.network\\.egressAllowList\\[0\\]\\.host: "${host.replace(/\./g, '\\.')}" covers ${host.slice(1).replace(/\./g, '\\.')}, a shared-hosting domain \\(.+\\).+DPP 1\\.1 Network Protection`,
        ),
      );
    });

    test('fails if the allow-list names a public suffix', () => {
      expect(errorsOf(allowing('.co.uk'))).toEqual([
        'environments.prod.network.egressAllowList[0].host: ".co.uk" is a public suffix (on the Public Suffix List): names under it belong to unrelated owners, so the entry would admit all of them; name your own domain or the full host (DPP 1.1 Network Protection; DUP 4.7 Data stays on the internal network)',
      ]);
    });

    test('fails if the allow-list names a paste site, even as a full host', () => {
      expect(errorsOf(allowing('pastebin.com'))[0]).toMatch(
        /"pastebin\.com" is pastebin\.com, a shared-hosting domain \(paste site: .*\); the customer there is chosen by the request, not the host name/,
      );
    });

    test('accepts the full host of one customer of a shared-hosting domain', () => {
      const { config } = validateConfig(allowing('my-bucket.s3.eu-west-1.amazonaws.com'));
      expect(config.environments.prod.network.egressAllowList).toEqual([
        { host: 'my-bucket.s3.eu-west-1.amazonaws.com', reason: 'carrier API' },
      ]);
    });

    test('fails if an administrative SSH source is public address space', () => {
      expect(
        errorsOf(
          withChange(
            (c) =>
              (c.environments.prod.network.adminSshCidrs = [
                { cidr: '52.94.0.0/24', reason: 'office' },
              ]),
          ),
        ),
      ).toEqual([
        'environments.prod.network.adminSshCidrs[0].cidr: "52.94.0.0/24" is not private address space; the VPC has no inbound path from the internet, so administrative SSH comes over VPN or Direct Connect from 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (DPP 1.1 Network Protection)',
      ]);
    });

    test('fails if an administrative SSH source is inside the VPC itself', () => {
      expect(
        errorsOf(
          withChange(
            (c) =>
              (c.environments.test.network.adminSshCidrs = [
                { cidr: '10.20.5.0/24', reason: 'bastion' },
              ]),
          ),
        ),
      ).toEqual([
        'environments.test.network.adminSshCidrs[0].cidr: "10.20.5.0/24" overlaps the VPC\'s own 10.20.0.0/16; administrative SSH comes from outside the VPC over VPN or Direct Connect, and SSH between workloads would let one compromised workload reach the others (DPP 1.1 Network Protection)',
      ]);
    });

    test('accepts SSH from a private range outside the VPC', () => {
      const { config } = validateConfig(
        withChange(
          (c) =>
            (c.environments.prod.network.adminSshCidrs = [{ cidr: '10.99.0.0/24', reason: 'VPN' }]),
        ),
      );
      expect(config.environments.prod.network.adminSshCidrs).toEqual([
        { cidr: '10.99.0.0/24', reason: 'VPN' },
      ]);
    });

    test('fails if the region is not one AWS has', () => {
      expect(
        errorsOf(
          withChange((c) => {
            c.environments.test.region = 'xx-fake-1';
            c.environments.test.availabilityZones = ['xx-fake-1a', 'xx-fake-1b'];
          }),
        ),
      ).toEqual([
        'environments.test.region: "xx-fake-1" is not an AWS region of the commercial partition that aws-cdk-lib knows (such as eu-west-1 or us-east-1); a region newer than aws-cdk-lib needs an upgrade of it',
      ]);
    });

    test('fails if a number is too large to represent, saying so', () => {
      const file = path.join(fs.mkdtempSync('/tmp/baseline-config-'), 'huge.json');
      const text = JSON.stringify(shippedConfig()).replace(
        '"logRetentionDays":365',
        '"logRetentionDays":1e309',
      );
      fs.writeFileSync(file, text);
      expect(() => loadConfig(file)).toThrow(
        'environments.test.audit.logRetentionDays: expected a whole number of days, received Infinity, which is not a finite number (in a file: a number too large to represent, such as 1e309)',
      );
    });

    test('fails if a tag exceeds what AWS accepts, naming the config field', () => {
      expect(
        errorsOf(
          withChange((c) => {
            c.environments.test.tags = {
              ['k'.repeat(129)]: 'v',
              Owner: 'v'.repeat(257),
              CostCentre: 'a<b',
              'aws:createdBy': 'me',
            };
          }),
        ),
      ).toEqual([
        `environments.test.tags.${'k'.repeat(129)}: is not a valid tag key (1-128 letters, digits, spaces and _ . : / = + - @)`,
        'environments.test.tags.Owner: a value of 257 characters is above the 256 AWS allows for a tag',
        'environments.test.tags.CostCentre: "a<b" has characters AWS does not accept in a tag value (letters, digits, spaces and _ . : / = + - @)',
        'environments.test.tags.aws:createdBy: is not a valid tag key: the prefix aws: is reserved by AWS',
      ]);
    });

    test("fails if there are more tags than a resource can carry beside the baseline's own", () => {
      expect(
        errorsOf(
          withChange(
            (c) =>
              (c.environments.prod.tags = Object.fromEntries(
                Array.from({ length: 41 }, (_, i) => [`Team${i}`, 'platform']),
              )),
          ),
        ),
      ).toEqual([
        "environments.prod.tags: 41 tags given; AWS allows 50 on a resource and keeps 10 for the baseline's own (Project, Environment, DataClassification, LegalArchive, NetworkTier, AccessPrincipal, MfaEnforcedBy, JobFunction, Name, aws-cdk-lib's), so at most 40",
      ]);
    });

    test.each(['Environment', 'Project', 'DataClassification', 'LegalArchive', 'environment'])(
      "fails if a tag would overwrite the baseline's own %s tag",
      (key) => {
        const [error] = errorsOf(withChange((c) => (c.environments.test.tags = { [key]: 'prod' })));
        expect(error).toMatch(
          new RegExp(`^environments\\.test\\.tags\\.${key}: is a tag the baseline sets itself`),
        );
      },
    );
  });
});
