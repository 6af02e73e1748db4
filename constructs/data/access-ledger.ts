import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * Who a store has granted access to, for the record of processing (DPP 2.2 "who may
 * read them"). Stores record every grant they make here.
 */
export class AccessLedger {
  private readonly readerNames = new Set<string>();
  private readonly writerNames = new Set<string>();

  public recordRead(grantee: iam.IGrantable): void {
    this.readerNames.add(describeGrantee(grantee));
  }

  public recordWrite(grantee: iam.IGrantable): void {
    this.writerNames.add(describeGrantee(grantee));
  }

  public get readers(): string[] {
    return [...this.readerNames];
  }

  public get writers(): string[] {
    return [...this.writerNames];
  }
}

/** A grantee as a reviewer can find it: its construct path, or the principal it names. */
function describeGrantee(grantee: iam.IGrantable): string {
  if (Construct.isConstruct(grantee)) return grantee.node.path;
  return grantee.grantPrincipal.toString();
}
