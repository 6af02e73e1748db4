import { CfnResource, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';

import {
  DATA_CLASSIFICATION_TAG,
  DATA_STORE_TYPES,
  DataClassification,
  LEGAL_ARCHIVE_TAG,
} from '../../lib/policy/classification';

/**
 * Data classification (DUP 4.5 Data classification): the tags that mark what each data
 * store holds. The tag names and values are policy facts (`lib/policy/classification`);
 * this file sets them on resources.
 */
export {
  CMK_CLASSIFICATIONS,
  DATA_CLASSIFICATION_TAG,
  DATA_CLASSIFICATIONS,
  LEGAL_ARCHIVE_TAG,
} from '../../lib/policy/classification';
export type { DataClassification } from '../../lib/policy/classification';

function taggableResourcesUnder(scope: IConstruct): CfnResource[] {
  return scope.node
    .findAll()
    .filter(
      (c): c is CfnResource =>
        CfnResource.isCfnResource(c) && DATA_STORE_TYPES.includes(c.cfnResourceType),
    );
}

/**
 * Classifies every data store under `scope` (DUP 4.5). The tag is set on the L1
 * resources directly rather than through the `Tags` aspect, so that it is in place
 * before any aspect or check runs and cannot be overridden by a broader tag.
 */
export function classify(scope: IConstruct, classification: DataClassification): void {
  const stores = taggableResourcesUnder(scope);
  if (stores.length === 0) {
    throw new Error(`${scope.node.path}: classify() found no data store to tag`);
  }
  for (const store of stores) {
    tagStore(store, DATA_CLASSIFICATION_TAG, classification);
    declareControl(store, {
      clauses: ['DUP 4.5'],
      summary: `Classified ${classification} (${DATA_CLASSIFICATION_TAG} tag)`,
    });
  }
}

/** Marks the stores under `scope` as a legally required archive for `purpose` (DPP 2.1). */
export function markLegalArchive(scope: IConstruct, purpose: string): void {
  for (const store of taggableResourcesUnder(scope)) tagStore(store, LEGAL_ARCHIVE_TAG, purpose);
}

/**
 * Sets a tag on a store at a priority above any `Tags.of()` aspect. Throws for a store
 * that has no tag manager (a DynamoDB global table keeps its tags per replica; tag it
 * through the `TableV2` props instead), rather than leaving it silently untagged.
 */
function tagStore(store: CfnResource, key: string, value: string): void {
  const tags = TagManager.of(store);
  if (!tags) {
    throw new Error(
      `${store.node.path}: ${store.cfnResourceType} cannot be tagged here; set ${key}=${value} in its own tag properties`,
    );
  }
  tags.setTag(key, value, 1000);
}
