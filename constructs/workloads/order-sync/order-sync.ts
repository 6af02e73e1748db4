import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { acknowledge } from '../../../lib/nag/acknowledge';
import { declareControl } from '../../../lib/nag/controls';
import { SpApiRegion } from '../../../lib/policy/sp-api';
import { PiiField } from '../../data/processing-record';
import { handlerEntry } from '../../functions/handler-entry';
import { BaselineResources } from '../baseline-resources';
import { WorkloadFunction } from '../workload-function';
import { CHECKPOINT_ATTRIBUTE, ORDER_FIELDS, ORDER_SYNC_ENVIRONMENT } from './functions/layout';

/** The main marketplace of each SP-API region, used when none is configured. */
export const DEFAULT_MARKETPLACES: Readonly<Record<SpApiRegion, string>> = {
  NA: 'ATVPDKIKX0DER', // United States
  EU: 'A1F83G8C2ARO7P', // United Kingdom
  FE: 'A1VC38T7YXB528', // Japan
};

const RESTRICTED_DATA_TOKEN = 'Orders API getOrderAddress, obtained with a restricted data token';

/**
 * What the order sync keeps of an order (DPP 2.2 record of processing): the name and
 * address the parcel is shipped to, for merchant-fulfilled orders only (AUP 4.1). Not
 * the phone number, the buyer's e-mail or anything else the Orders API offers.
 */
export const ORDER_SYNC_FIELDS: readonly PiiField[] = [
  {
    name: ORDER_FIELDS.shipToName,
    description: 'Name of the recipient on the shipping address',
    collectedFrom: RESTRICTED_DATA_TOKEN,
    purposes: ['merchant-fulfilled shipping'],
  },
  {
    name: ORDER_FIELDS.shippingAddress,
    description: 'Address lines, city, region, postal code and country of delivery',
    collectedFrom: RESTRICTED_DATA_TOKEN,
    purposes: ['merchant-fulfilled shipping'],
  },
];

export interface OrderSyncProps {
  /** What the environment's baseline gives its workloads. */
  readonly baseline: BaselineResources;
  /**
   * The selling partners whose orders are synchronized, each onboarded with
   * `npm run add-selling-partner`.
   * @default - none: a run does nothing
   */
  readonly sellingPartnerIds?: readonly string[];
  /**
   * The marketplaces whose orders are listed.
   * @default - the main marketplace of the baseline's SP-API region
   */
  readonly marketplaceIds?: readonly string[];
  /**
   * Time between runs.
   * @default Duration.minutes(15)
   */
  readonly schedule?: Duration;
  /**
   * How far back the first run of a selling partner looks.
   * @default Duration.hours(24)
   */
  readonly initialLookback?: Duration;
  /**
   * The function's timeout; a run stops starting requests a minute before it.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
}

/**
 * The reference workload (docs/workloads.md): on a schedule, for each selling partner,
 * the orders updated since the last run from the Orders API of the environment's SP-API
 * region (the sandbox in test); for merchant-fulfilled orders still to ship, the
 * shipping address through a restricted data token (AUP 4.1); the address written to the
 * PII table with its expiry (DPP 2.1); the checkpoint recorded.
 *
 * It declares the two fields it keeps on the PII table and is granted exactly those
 * (with the table's key attributes, `expiresAt` and its checkpoint), reads of the SP-API
 * credentials, and nothing else; it runs in the private subnets and logs through the
 * redacting logger. SP-API calls follow the per-operation rate limits with token
 * buckets and bounded retries (AUP 2.9). A run that leaves an address unfetched fails,
 * which raises an alarm on the security topic.
 */
export class OrderSync extends Construct {
  public readonly function: WorkloadFunction;
  public readonly schedule: events.Rule;
  /** Raised when a run fails or leaves an address for the next one. */
  public readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OrderSyncProps) {
    super(scope, id);
    const { baseline } = props;
    const { piiTable } = baseline.data;
    const schedule = props.schedule ?? Duration.minutes(15);
    const marketplaceIds =
      props.marketplaceIds && props.marketplaceIds.length > 0
        ? props.marketplaceIds
        : [DEFAULT_MARKETPLACES[baseline.spApi.region]];

    piiTable.declareFields(this, ORDER_SYNC_FIELDS);
    this.function = new WorkloadFunction(this, 'Function', {
      baseline,
      name: 'order-sync',
      entry: handlerEntry(path.join(__dirname, 'functions'), 'order-sync-handler.ts'),
      description:
        "Synchronizes merchant-fulfilled orders' shipping addresses from SP-API into the PII table",
      timeout: props.timeout ?? Duration.minutes(10),
      // One run at a time: two would race for the same checkpoint and rate limits.
      reservedConcurrency: 1,
      environment: {
        [ORDER_SYNC_ENVIRONMENT.spApiEndpoint]: baseline.spApi.endpoint,
        [ORDER_SYNC_ENVIRONMENT.lwaSecretArn]: baseline.credentials.lwaCredentialsSecretArn,
        [ORDER_SYNC_ENVIRONMENT.sellingPartnerSecretPrefix]:
          baseline.credentials.sellingPartnerSecretPrefix,
        [ORDER_SYNC_ENVIRONMENT.sellingPartnerIds]: (props.sellingPartnerIds ?? []).join(','),
        [ORDER_SYNC_ENVIRONMENT.marketplaceIds]: marketplaceIds.join(','),
        [ORDER_SYNC_ENVIRONMENT.tableName]: piiTable.table.tableName,
        [ORDER_SYNC_ENVIRONMENT.liveDays]: String(piiTable.liveDays),
        [ORDER_SYNC_ENVIRONMENT.initialLookbackHours]: String(
          (props.initialLookback ?? Duration.hours(24)).toHours(),
        ),
      },
    });
    declareControl(this.function.function, {
      clauses: ['AUP 2.9', 'AUP 4.1'],
      summary:
        "Calls SP-API within each operation's rate limit (a token bucket fed by x-amzn-RateLimit-Limit, bounded retries of 429 and 5xx), and keeps shipping addresses of merchant-fulfilled orders only",
    });
    const fields = ORDER_SYNC_FIELDS.map((f) => f.name);
    piiTable.grantWriteItems(this.function, {
      fields,
      otherAttributes: [CHECKPOINT_ATTRIBUTE],
    });
    piiTable.grantReadItems(this.function, { fields: [], otherAttributes: [CHECKPOINT_ATTRIBUTE] });
    baseline.credentials.grantRead(this.function);

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the order sync',
      schedule: events.Schedule.rate(schedule),
      targets: [
        // No retry: the next scheduled run starts from the same checkpoint.
        new targets.LambdaFunction(this.function.function, { retryAttempts: 0 }),
      ],
    });
    this.failureAlarm = this.createFailureAlarm(baseline, schedule);
    acknowledge(this.function.function, {
      ruleId: 'NIST.800.53.R5-LambdaDLQ',
      reason:
        'A failed run needs no replay: the next scheduled run starts from the same checkpoint, and the failure alarm tells the team.',
      basis: { engineering: 'Checkpointed schedule' },
    });
  }

  private createFailureAlarm(baseline: BaselineResources, schedule: Duration): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'FailureAlarm', {
      alarmName: `${baseline.names.namePrefix}-order-sync-failed`,
      alarmDescription:
        'A run of the order sync failed or left shipping addresses for the next run (a restricted data token refused, SP-API or DynamoDB faults). The function logs name the selling partner and order ids, never PII. See docs/workloads.md.',
      metric: this.function.function.metricErrors({
        period: Duration.minutes(Math.max(5, schedule.toMinutes())),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cloudwatchActions.SnsAction(baseline.securityTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
