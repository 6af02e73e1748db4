import * as path from 'path';
import { Construct } from 'constructs';
import {
  WorkloadFunction,
  WorkloadStack,
  WorkloadStackProps,
  acknowledge,
} from 'spapi-dpp-baseline';

/** A team's workload: a function that prints shipping labels from the PII table. */
export class LabelsStack extends WorkloadStack {
  constructor(scope: Construct, id: string, props: WorkloadStackProps) {
    super(scope, id, props);
    const { baseline } = props;
    const printer = new WorkloadFunction(this, 'Printer', {
      baseline,
      name: 'label-printer',
      description: 'Prints the shipping labels of merchant-fulfilled orders',
      entry: path.join(__dirname, 'label-printer.ts'),
      reservedConcurrency: 2,
    });
    baseline.data.piiTable.declareFields(this, [
      {
        name: 'labelAddress',
        description: 'Recipient name and address printed on the shipping label',
        collectedFrom: 'Orders API getOrderAddress, with a restricted data token',
        purposes: ['merchant-fulfilled shipping'],
      },
    ]);
    baseline.data.piiTable.grantReadItems(printer, { fields: ['labelAddress'] });
    acknowledge(printer.function, {
      ruleId: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'Invoked synchronously by the packing station, which shows a failure and retries.',
      basis: { engineering: 'Synchronous invocation' },
    });
  }
}
