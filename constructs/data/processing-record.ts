import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import {
  PII_PURPOSES,
  PROCESSING_METADATA_KEY,
  PiiField,
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
 *
 * The fields a store holds are declared by the workloads that write and read them
 * (docs/workloads.md): the store's metadata is the union of what they declare, and a
 * store's field-level grants refuse a field the grantee's stack did not declare.
 */
export type {
  PiiField,
  PiiPurpose,
  ProcessingDeclaration,
  StoreDisposition,
} from '../../lib/policy/processing';

/** A declared field and the stacks that declared it. */
interface DeclaredField {
  field: PiiField;
  readonly declaredBy: Set<Stack>;
}

/**
 * What one store declares for the record of processing: its dataset and disposition,
 * and the fields workloads declare, rendered into the store's template metadata at
 * synth (so a declaration made after the store was built is in the record).
 */
export class ProcessingRecord {
  private readonly declared = new Map<string, DeclaredField>();

  constructor(
    private readonly store: IConstruct,
    declaration: ProcessingDeclaration,
    disposition: StoreDisposition,
    /** Attribute names that hold no PII and can never be declared as a field (keys, TTL). */
    private readonly reservedNames: readonly string[] = [],
  ) {
    this.declare(store, declaration.fields);
    const resource = cfnResourceOf(store);
    resource.addMetadata(
      PROCESSING_METADATA_KEY,
      Lazy.any({
        produce: (): StoreProcessingMetadata => ({
          ...disposition,
          dataset: declaration.dataset,
          fields: this.fields,
          sharedWith: declaration.sharedWith ?? [],
        }),
      }),
    );
    declareControl(resource, {
      clauses: ['DPP 2.2'],
      summary:
        'Declares the PII fields it holds and their purposes (its processing metadata) for the record of processing',
    });
  }

  /** Every declared field, in the order first declared. */
  public get fields(): PiiField[] {
    return [...this.declared.values()].map((d) => d.field);
  }

  /**
   * Declares that the store holds `fields`, on behalf of `declarer`'s stack (a
   * workload's). A field declared again by another workload must describe the same
   * data: its purposes and sources are merged.
   */
  public declare(declarer: IConstruct, fields: readonly PiiField[]): void {
    const stack = Stack.of(declarer);
    for (const field of fields) {
      this.check(declarer, field);
      const known = this.declared.get(field.name);
      if (!known) {
        this.declared.set(field.name, {
          field: { ...field, purposes: [...field.purposes] },
          declaredBy: new Set([stack]),
        });
        continue;
      }
      if (known.field.description !== field.description) {
        throw new Error(
          `${declarer.node.path}: field '${field.name}' of ${this.store.node.path} is already declared as '${known.field.description}', not '${field.description}'; one name holds one kind of data (DPP 2.2)`,
        );
      }
      known.field = merged(known.field, field);
      known.declaredBy.add(stack);
    }
  }

  /**
   * Throws unless `grantee`'s stack declared each of `names`: a workload touches only the
   * PII it declared (DPP 2.2, DPP 1.3 need-to-know).
   */
  public assertDeclaredFor(grantee: iam.IGrantable, names: readonly string[], what: string): void {
    const principal: unknown = grantee.grantPrincipal;
    const stack = Construct.isConstruct(principal) ? Stack.of(principal) : undefined;
    for (const name of names) {
      const known = this.declared.get(name);
      if (known && stack && known.declaredBy.has(stack)) continue;
      const who = Construct.isConstruct(principal) ? principal.node.path : String(principal);
      throw new Error(
        `${this.store.node.path}: ${who} cannot be granted ${what} field '${name}': ${
          known ? 'its stack did not declare it' : 'no workload declared it'
        }. Declare the fields a workload touches, with their purposes, with declareFields() in the workload's stack before granting them (docs/workloads.md; DPP 2.2, DPP 1.3)`,
      );
    }
  }

  private check(declarer: IConstruct, field: PiiField): void {
    const where = `${declarer.node.path}: field '${field.name}' of ${this.store.node.path}`;
    if (this.reservedNames.includes(field.name)) {
      throw new Error(`${where} is a key or expiry attribute of the store, not a PII field`);
    }
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/.test(field.name)) {
      throw new Error(`${where} is not a valid attribute or document name`);
    }
    if (field.purposes.length === 0) {
      throw new Error(
        `${where} names no purpose; PII is kept only for ${PII_PURPOSES.join(', ')} (DPP 2.1, AUP 4.1)`,
      );
    }
    const other = field.purposes.find((p) => !(PII_PURPOSES as readonly string[]).includes(p));
    if (other !== undefined) {
      throw new Error(
        `${where} has the purpose '${other}'; PII is kept only for ${PII_PURPOSES.join(', ')} (DPP 2.1, AUP 4.1)`,
      );
    }
  }
}

function merged(known: PiiField, field: PiiField): PiiField {
  const sources = new Set([...known.collectedFrom.split('; '), field.collectedFrom]);
  return {
    ...known,
    collectedFrom: [...sources].join('; '),
    purposes: [...new Set([...known.purposes, ...field.purposes])],
  };
}

function cfnResourceOf(store: IConstruct): CfnResource {
  const resource = CfnResource.isCfnResource(store)
    ? store
    : (store.node.defaultChild as CfnResource | undefined);
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(
      `${store.node.path}: declareProcessing() needs a store's CloudFormation resource`,
    );
  }
  return resource;
}

/**
 * Declares what `store` (a PII store's L1 resource, or the L2 above it) holds, for the
 * record of processing: its declaration and disposition travel as template metadata.
 * Fields declared later through the returned record join the metadata.
 */
export function declareProcessing(
  store: IConstruct,
  declaration: ProcessingDeclaration,
  disposition: StoreDisposition,
  reservedNames: readonly string[] = [],
): ProcessingRecord {
  return new ProcessingRecord(store, declaration, disposition, reservedNames);
}
