import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../lib/config/load';
import type { EnvironmentName } from '../../lib/config/types';
import { baselineTestApp } from '../baseline-app';

/**
 * docs/cost.md prices each environment from resource counts. These tests synthesize
 * both environments as config/baseline.json defines them, count what each line of the
 * doc prices, and recompute every figure of the doc from its counts and unit prices, so
 * neither the counts nor the totals can drift from the templates.
 */

const DOC = path.join(__dirname, '../../docs/cost.md');
const ENVIRONMENTS: readonly EnvironmentName[] = ['test', 'prod'];

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

type Counter = (resources: readonly Resource[]) => number;

/** How a line of the fixed-cost table is counted, and which resource types it accounts for. */
interface LineCounter {
  readonly types: readonly string[];
  readonly count: Counter;
}

const ofType = (resources: readonly Resource[], type: string) =>
  resources.filter((r) => r.Type === type);
const props = (r: Resource) => r.Properties ?? {};
const countOf =
  (type: string): Counter =>
  (resources) =>
    ofType(resources, type).length;

/** A list property that must be a literal array to be counted (a token would be a guess). */
function literalList(r: Resource, property: string): unknown[] {
  const value = props(r)[property];
  if (!Array.isArray(value)) {
    throw new Error(
      `${r.Type}.${property} is not a literal list (${JSON.stringify(value)}); cannot count it`,
    );
  }
  return value;
}

const firewallEndpoints: Counter = (resources) =>
  ofType(resources, 'AWS::NetworkFirewall::Firewall').reduce(
    (sum, r) => sum + literalList(r, 'SubnetMappings').length,
    0,
  );

/** An interface endpoint is billed per zone it has a network interface in (one per subnet). */
const interfaceEndpointZones: Counter = (resources) =>
  ofType(resources, 'AWS::EC2::VPCEndpoint')
    .filter((r) => props(r).VpcEndpointType === 'Interface')
    .reduce((sum, r) => sum + literalList(r, 'SubnetIds').length, 0);

interface MetricQuery {
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: {
      readonly MetricName: string;
      readonly Namespace: string;
      readonly Dimensions?: unknown[];
    };
    readonly Period: number;
  };
}

/**
 * CloudWatch bills an alarm per metric it evaluates: a metric-math alarm per metric in
 * its expression, an anomaly-detection alarm three (the metric and the band's two bounds).
 * A high-resolution alarm costs three times as much: it fails here until the doc prices it.
 */
function alarmMetrics(alarm: Resource): number {
  const p = props(alarm);
  const period = (p.Period as number | undefined) ?? 60;
  const queries = (p.Metrics as MetricQuery[] | undefined) ?? [];
  const periods = [period, ...queries.flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : []))];
  if (periods.some((s) => s < 60)) {
    throw new Error(`a high-resolution alarm (${JSON.stringify(p.AlarmName)}) is not priced`);
  }
  if (queries.length === 0) return 1;
  const metrics = queries.filter((q) => q.MetricStat).length;
  const anomaly = queries.some((q) => q.Expression?.startsWith('ANOMALY_DETECTION_BAND'));
  return anomaly ? 3 * metrics : metrics;
}

/**
 * A metric filter publishes one custom metric, or one per value of its dimensions. The
 * values come from log events, so they are counted from the alarms that watch the metric
 * (one per PII store here); a dimensioned metric nobody alarms on counts once.
 */
function filterMetrics(resources: readonly Resource[]): number {
  const watched = ofType(resources, 'AWS::CloudWatch::Alarm').flatMap((alarm) =>
    ((props(alarm).Metrics as MetricQuery[] | undefined) ?? []).flatMap((q) =>
      q.MetricStat ? [q.MetricStat.Metric] : [],
    ),
  );
  let metrics = 0;
  for (const filter of ofType(resources, 'AWS::Logs::MetricFilter')) {
    for (const t of literalList(filter, 'MetricTransformations') as Array<{
      MetricName: string;
      MetricNamespace: string;
      Dimensions?: unknown[];
    }>) {
      if (!t.Dimensions) {
        metrics += 1;
        continue;
      }
      const values = new Set(
        watched
          .filter((m) => m.MetricName === t.MetricName && m.Namespace === t.MetricNamespace)
          .map((m) => JSON.stringify(m.Dimensions ?? [])),
      );
      metrics += Math.max(1, values.size);
    }
  }
  return metrics;
}

/** The Inspector scan types the environment enables (an SDK call on Inspector2 `enable`). */
function inspectorScanTypes(resources: readonly Resource[]): string[] {
  return ofType(resources, 'Custom::AWS').flatMap((r) => {
    const call = JSON.parse(String(props(r).Create ?? '{}'));
    return call.service === 'Inspector2' && call.action === 'enable'
      ? (call.parameters?.resourceTypes ?? [])
      : [];
  });
}

/** Inspector bills per function it scans: every function in the account and region. */
const inspectedFunctions =
  (scanType: string): Counter =>
  (resources) =>
    inspectorScanTypes(resources).includes(scanType)
      ? ofType(resources, 'AWS::Lambda::Function').length
      : 0;

/** Macie bills per bucket it monitors once its session is enabled. */
const macieBuckets: Counter = (resources) =>
  ofType(resources, 'AWS::Macie::Session').some((r) => props(r).Status === 'ENABLED')
    ? ofType(resources, 'AWS::S3::Bucket').length
    : 0;

const guardDutyDetectors: Counter = (resources) =>
  ofType(resources, 'AWS::GuardDuty::Detector').filter((r) => props(r).Enable === true).length;

/** On-demand tables have no fixed charge; a provisioned one would need its capacity priced. */
const onDemandTables: Counter = (resources) =>
  ofType(resources, 'AWS::DynamoDB::Table').map((r) => {
    if (props(r).BillingMode !== 'PAY_PER_REQUEST') {
      throw new Error(
        `a DynamoDB table with ${String(props(r).BillingMode)} capacity is not priced`,
      );
    }
    return r;
  }).length;

/** Every line of docs/cost.md's fixed-cost table, by its first cell. */
const LINE_COUNTERS: Record<string, LineCounter> = {
  'Network Firewall endpoints': {
    types: ['AWS::NetworkFirewall::Firewall'],
    count: firewallEndpoints,
  },
  'NAT gateways': { types: ['AWS::EC2::NatGateway'], count: countOf('AWS::EC2::NatGateway') },
  'NAT gateway hours waived for firewall endpoint hours': {
    types: [],
    count: (resources) =>
      Math.min(countOf('AWS::EC2::NatGateway')(resources), firewallEndpoints(resources)),
  },
  'Public IPv4 addresses (NAT gateways)': {
    types: ['AWS::EC2::EIP'],
    count: countOf('AWS::EC2::EIP'),
  },
  'Interface VPC endpoints, per zone': {
    types: ['AWS::EC2::VPCEndpoint'],
    count: interfaceEndpointZones,
  },
  'KMS customer managed keys': { types: ['AWS::KMS::Key'], count: countOf('AWS::KMS::Key') },
  'Secrets Manager secrets': {
    types: ['AWS::SecretsManager::Secret'],
    count: countOf('AWS::SecretsManager::Secret'),
  },
  'CloudWatch alarm metrics': {
    types: ['AWS::CloudWatch::Alarm'],
    count: (resources) =>
      ofType(resources, 'AWS::CloudWatch::Alarm').reduce((sum, a) => sum + alarmMetrics(a), 0),
  },
  'CloudWatch custom metrics (metric filters)': {
    types: ['AWS::Logs::MetricFilter'],
    count: filterMetrics,
  },
  'Inspector Lambda standard scanning': {
    types: [],
    count: inspectedFunctions('LAMBDA'),
  },
  'Inspector Lambda code scanning': { types: [], count: inspectedFunctions('LAMBDA_CODE') },
  'Macie bucket monitoring': { types: ['AWS::Macie::Session'], count: macieBuckets },
  'GuardDuty detectors': { types: ['AWS::GuardDuty::Detector'], count: guardDutyDetectors },
  'CloudTrail trails': {
    types: ['AWS::CloudTrail::Trail'],
    count: countOf('AWS::CloudTrail::Trail'),
  },
  'CloudTrail Lake event data stores': {
    types: ['AWS::CloudTrail::EventDataStore'],
    count: countOf('AWS::CloudTrail::EventDataStore'),
  },
  'DNS Firewall rule group associations': {
    types: ['AWS::Route53Resolver::FirewallRuleGroupAssociation'],
    count: countOf('AWS::Route53Resolver::FirewallRuleGroupAssociation'),
  },
  'Resolver query logging configurations': {
    types: ['AWS::Route53Resolver::ResolverQueryLoggingConfig'],
    count: countOf('AWS::Route53Resolver::ResolverQueryLoggingConfig'),
  },
  'AWS Config recorders': {
    types: ['AWS::Config::ConfigurationRecorder'],
    count: countOf('AWS::Config::ConfigurationRecorder'),
  },
  'Lambda functions': { types: ['AWS::Lambda::Function'], count: countOf('AWS::Lambda::Function') },
  'Log groups': { types: ['AWS::Logs::LogGroup'], count: countOf('AWS::Logs::LogGroup') },
  'S3 buckets': { types: ['AWS::S3::Bucket'], count: countOf('AWS::S3::Bucket') },
  'DynamoDB tables (on demand)': { types: ['AWS::DynamoDB::Table'], count: onDemandTables },
  'SQS queues': { types: ['AWS::SQS::Queue'], count: countOf('AWS::SQS::Queue') },
  'SNS topics': { types: ['AWS::SNS::Topic'], count: countOf('AWS::SNS::Topic') },
};

// ---------------------------------------------------------------------------------------
// Reading the doc

type Row = Record<string, string>;

/** The markdown table whose header has `column`, as rows keyed by header cell. */
function tableWith(doc: string, column: string): Row[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && cells(l).includes(column));
  if (start < 0) throw new Error(`docs/cost.md has no table with a "${column}" column`);
  const header = cells(lines[start]);
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const values = cells(line);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
  }
  return rows;
}

function cells(line: string): string[] {
  return line
    .slice(1, line.lastIndexOf('|'))
    .split('|')
    .map((c) => c.trim());
}

/** A number as the doc writes it: `1,095.72`, `-35.04`, `0.40`, with markdown emphasis. */
function amount(cell: string, where: string): number {
  const text = cell
    .replace(/[*`$,]/g, '')
    .replace('−', '-')
    .trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new Error(`docs/cost.md: ${where} is not a number: "${cell}"`);
  }
  return value;
}

const cents = (value: number) => Math.round(value * 100) / 100;
const COUNT_COLUMN: Record<EnvironmentName, string> = {
  test: 'Count (test)',
  prod: 'Count (prod)',
};
const VOLUME_COLUMN: Record<EnvironmentName, string> = {
  test: 'Volume (test)',
  prod: 'Volume (prod)',
};
const COST_COLUMN: Record<EnvironmentName, string> = {
  test: 'Test (USD/month)',
  prod: 'Prod (USD/month)',
};

interface PricedLine {
  readonly line: string;
  readonly unitPrice: number;
  readonly quantity: Record<EnvironmentName, number>;
  readonly stated: Record<EnvironmentName, number>;
}

function pricedLines(rows: Row[], quantity: Record<EnvironmentName, string>): PricedLine[] {
  return rows.map((row) => {
    const line = row.Line;
    const of = (column: string) => amount(row[column], `${line}, ${column}`);
    return {
      line,
      unitPrice: of('Unit price (USD)'),
      quantity: { test: of(quantity.test), prod: of(quantity.prod) },
      stated: { test: of(COST_COLUMN.test), prod: of(COST_COLUMN.prod) },
    };
  });
}

const sumOf = (lines: readonly PricedLine[], env: EnvironmentName) =>
  cents(lines.reduce((sum, l) => sum + cents(l.quantity[env] * l.unitPrice), 0));

// ---------------------------------------------------------------------------------------

describe('docs/cost.md', () => {
  const doc = fs.readFileSync(DOC, 'utf8');
  const fixed = pricedLines(tableWith(doc, 'Count (test)'), COUNT_COLUMN);
  const usage = pricedLines(tableWith(doc, 'Volume (test)'), VOLUME_COLUMN);
  const totals = Object.fromEntries(tableWith(doc, 'Test / prod').map((row) => [row.Sum, row]));

  const { config } = loadConfig();
  const { stages } = baselineTestApp(config);
  const resources = {} as Record<EnvironmentName, Resource[]>;
  for (const env of ENVIRONMENTS) {
    const stacks: Stack[] = [stages[env].baseline, ...stages[env].workloads];
    resources[env] = stacks.flatMap((s) =>
      Object.values(Template.fromStack(s).toJSON().Resources as Record<string, Resource>),
    );
  }

  test('prices the region the config deploys to', () => {
    for (const env of ENVIRONMENTS) {
      expect(doc).toContain(`\`${config.environments[env].region}\``);
    }
  });

  test("every line's counts are those of the synthesized templates", () => {
    expect(fixed.map((l) => l.line).sort()).toEqual(Object.keys(LINE_COUNTERS).sort());
    expect(countDrift(fixed, resources)).toEqual([]);
  });

  test('every resource type of the templates is priced or listed as not billed by itself', () => {
    const unbilled = unbilledTypes(doc);
    expect(unaccountedTypes(resources, unbilled)).toEqual([]);
    // The list names what the templates hold, nothing stale, nothing priced.
    const present = new Set(ENVIRONMENTS.flatMap((env) => resources[env].map((r) => r.Type)));
    const priced = new Set(Object.values(LINE_COUNTERS).flatMap((c) => c.types));
    expect([...unbilled].filter((t) => !present.has(t) || priced.has(t))).toEqual([]);
  });

  test('fails if a template gains a priced resource the doc does not count', () => {
    const planted = { ...resources, test: [...resources.test, NAT_GATEWAY, NAT_GATEWAY] };
    // The waiver stays at one: it is bounded by the one firewall endpoint.
    expect(countDrift(fixed, planted)).toEqual([
      '"NAT gateways": docs/cost.md says 1 in test, the templates have 3',
    ]);
  });

  test('fails if a template gains a resource type the doc neither prices nor lists', () => {
    const rule: Resource = { Type: 'AWS::Config::ConfigRule', Properties: {} };
    const planted = { ...resources, prod: [...resources.prod, rule] };
    expect(unaccountedTypes(planted, unbilledTypes(doc))).toEqual(['AWS::Config::ConfigRule']);
  });

  test('threat detection off in an environment has no usage assumed for it there', () => {
    const inconsistent = usage.flatMap((l) => {
      const service = Object.keys(USAGE_NEEDS).find((s) => l.line.startsWith(s));
      if (!service) return [];
      const needed = fixed.find((f) => f.line === USAGE_NEEDS[service]);
      return ENVIRONMENTS.filter((env) => needed?.quantity[env] === 0 && l.quantity[env] !== 0).map(
        (env) => `"${l.line}" assumes ${l.quantity[env]} in ${env}, where ${service} is off`,
      );
    });
    expect(inconsistent).toEqual([]);
  });

  test.each([
    ['fixed-cost', fixed],
    ['usage', usage],
  ] as const)('each %s line is its quantity times its unit price', (_, lines) => {
    const wrong = lines.flatMap((l) =>
      ENVIRONMENTS.filter((env) => cents(l.quantity[env] * l.unitPrice) !== l.stated[env]).map(
        (env) =>
          `"${l.line}" in ${env}: ${l.quantity[env]} x ${l.unitPrice} = ${cents(l.quantity[env] * l.unitPrice)}, the doc says ${l.stated[env]}`,
      ),
    );
    expect(wrong).toEqual([]);
  });

  test('the totals and ratios are recomputed from the lines', () => {
    const computed = {
      Fixed: { test: sumOf(fixed, 'test'), prod: sumOf(fixed, 'prod') },
      'Usage at the assumed volumes': { test: sumOf(usage, 'test'), prod: sumOf(usage, 'prod') },
      Total: {
        test: cents(sumOf(fixed, 'test') + sumOf(usage, 'test')),
        prod: cents(sumOf(fixed, 'prod') + sumOf(usage, 'prod')),
      },
    };
    for (const [sum, expected] of Object.entries(computed)) {
      const row = totals[sum];
      expect({
        sum,
        test: amount(row[COST_COLUMN.test], sum),
        prod: amount(row[COST_COLUMN.prod], sum),
      }).toEqual({ sum, ...expected });
      expect({ sum, ratio: amount(row['Test / prod'], sum) }).toEqual({
        sum,
        ratio: Math.round((expected.test / expected.prod) * 100) / 100,
      });
    }
  });

  test("test's fixed cost stays under half of prod's, as the doc promises", () => {
    const ratio = sumOf(fixed, 'test') / sumOf(fixed, 'prod');
    expect(doc).toMatch(/under half of prod's/);
    expect(ratio).toBeLessThan(0.5);
  });
});

/** The text of a `## ` section, up to the next one. */
function sectionOf(doc: string, heading: string): string {
  const start = doc.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}" in the doc`);
  const end = doc.indexOf('\n## ', start + heading.length);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** Usage lines of a service that bills only where it is on, by the fixed line that counts it. */
const USAGE_NEEDS: Record<string, string> = {
  GuardDuty: 'GuardDuty detectors',
  Macie: 'Macie bucket monitoring',
};

const NAT_GATEWAY: Resource = { Type: 'AWS::EC2::NatGateway', Properties: {} };

/** Each line whose count in the doc differs from the templates', with both counts. */
function countDrift(
  lines: readonly PricedLine[],
  resources: Record<EnvironmentName, readonly Resource[]>,
): string[] {
  return lines.flatMap(({ line, quantity }) =>
    ENVIRONMENTS.flatMap((env) => {
      const counted = LINE_COUNTERS[line].count(resources[env]);
      return counted === quantity[env]
        ? []
        : [
            `"${line}": docs/cost.md says ${quantity[env]} in ${env}, the templates have ${counted}`,
          ];
    }),
  );
}

/** The types the doc lists as not billed by themselves. */
function unbilledTypes(doc: string): Set<string> {
  return new Set(
    [...sectionOf(doc, '## Not billed by themselves').matchAll(/`(AWS::[\w:]+|Custom::\w+)`/g)].map(
      (m) => m[1],
    ),
  );
}

/** Types in the templates that no line prices and the doc does not list as unbilled. */
function unaccountedTypes(
  resources: Record<EnvironmentName, readonly Resource[]>,
  unbilled: ReadonlySet<string>,
): string[] {
  const priced = new Set(Object.values(LINE_COUNTERS).flatMap((c) => c.types));
  const present = new Set(ENVIRONMENTS.flatMap((env) => resources[env].map((r) => r.Type)));
  return [...present].filter((t) => !priced.has(t) && !unbilled.has(t));
}

describe('the other docs on cost', () => {
  const read = (file: string) => fs.readFileSync(path.join(__dirname, '../../docs', file), 'utf8');

  test.each(['audit.md', 'network.md'])(
    "%s's cost section points to cost.md and states no price of its own",
    (file) => {
      const section = sectionOf(read(file), '## Cost');
      expect(section).toContain('](cost.md)');
      // One place for the figures: a second price list would drift from the first.
      expect(section.match(/\$\s?\d[\d,.]*/g) ?? []).toEqual([]);
    },
  );
});
