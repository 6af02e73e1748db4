import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import {
  PROCESSING_METADATA_KEY,
  ProcessingDeclaration,
  StoreDisposition,
  StoreProcessingMetadata,
} from '../../lib/policy/processing';

/**
 * The record of processing activities (DPP 2.2 Data Governance). Each PII store
 * declares what it holds, and how it keeps and disposes of it, on its own resource in
 * the template; the report (lib/report/record-of-processing.ts) reads the declarations
 * from the cloud assembly and adds everyone the templates' policies let read or write
 * the store, so that a grant made any way at all is in the record.
 */
export type {
  PiiField,
  PiiPurpose,
  ProcessingDeclaration,
  StoreDisposition,
} from '../../lib/policy/processing';

/**
 * Declares what `store` (a PII store's L1 resource, or the L2 above it) holds, for the
 * record of processing: its declaration and disposition travel as template metadata.
 */
export function declareProcessing(
  store: IConstruct,
  declaration: ProcessingDeclaration,
  disposition: StoreDisposition,
): void {
  const resource = CfnResource.isCfnResource(store)
    ? store
    : (store.node.defaultChild as CfnResource | undefined);
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(
      `${store.node.path}: declareProcessing() needs a store's CloudFormation resource`,
    );
  }
  const metadata: StoreProcessingMetadata = {
    ...disposition,
    dataset: declaration.dataset,
    fields: declaration.fields,
    sharedWith: declaration.sharedWith ?? [],
  };
  resource.addMetadata(PROCESSING_METADATA_KEY, metadata);
  declareControl(resource, {
    clauses: ['DPP 2.2'],
    summary: `Declares the PII it holds (${declaration.fields.map((f) => f.name).join(', ')}) for the record of processing`,
  });
}
