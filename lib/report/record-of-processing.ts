import { coversAction, Statement } from '../nag/policy';
import { DATA_CLASSIFICATION_TAG } from '../policy/classification';
import { PROCESSING_METADATA_KEY, PiiField, StoreProcessingMetadata } from '../policy/processing';
import { Assembly, AssemblyStack, TemplateResource } from './assembly';
import { PolicyStatement, Principal, PrincipalKind, readPolicies, resourcePath } from './policies';
import { globMatches, globMatchesSomeWithPrefix, TemplateValues } from './template-values';

/**
 * The record of processing activities (DPP 2.2 Data Governance), derived from the
 * synthesized templates: every store tagged `DataClassification=pii`, what it declares
 * it holds (its resource's `spapi-dpp:record-of-processing` metadata), and every
 * principal the templates' policies let read, write, delete or list it. Access comes
 * from what is granted (identity policies, bucket and table resource policies, the key
 * policy of the store's key), so a grant made on the underlying bucket or table, or
 * written by hand, is in the record as surely as one made through the store's own
 * `grantXxx` methods.
 */

/** What a principal may do with a store's data. */
export type AccessKind = 'read' | 'write' | 'delete' | 'list';

/** One principal's access to one store. */
export interface StoreAccess {
  /** Construct path of a role, user or group of the app, else what the policy names. */
  readonly principal: string;
  readonly kind: PrincipalKind;
  /** The account it belongs to, where known. */
  readonly account?: string;
  /** For a role: who may assume it. */
  readonly assumedBy?: readonly string[];
  readonly can: readonly AccessKind[];
  /** The declared fields it can read (for a DynamoDB grant limited by `dynamodb:Attributes`, those it names). */
  readonly readsFields: readonly string[];
  /**
   * Whether it may decrypt with the store's customer-managed key, which reading needs;
   * `undefined` when it cannot read or the store has no such key.
   */
  readonly decrypts?: boolean;
  /** The policies that grant it, with the condition keys they are subject to. */
  readonly through: readonly string[];
}

/** One store's entry in the record of processing. */
export interface ProcessingRecord {
  /** Construct path of the store, e.g. `Prod/Baseline/Data/PiiTable`. */
  readonly store: string;
  /** The stack it is deployed in, and its logical id there. */
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Whether the store declares what it holds; an undeclared PII store is a gap in the record. */
  readonly declared: boolean;
  readonly storeType: string;
  readonly dataset: string;
  readonly fields: readonly PiiField[];
  readonly retention: string;
  readonly disposal: string;
  readonly sharedWith: readonly string[];
  /** Everyone who can read, write, delete or list the store, by principal. */
  readonly access: readonly StoreAccess[];
  readonly readers: readonly string[];
  readonly writers: readonly string[];
  readonly deleters: readonly string[];
  readonly listers: readonly string[];
  /** Principals of other accounts, or anyone, with any access. */
  readonly outsideTheAccount: readonly string[];
  /** Whether the record could tell who may access this type of store. */
  readonly accessAnalysed: boolean;
}

export interface RecordOfProcessing {
  readonly stores: readonly ProcessingRecord[];
  /** What the templates do not show and a reviewer must look at elsewhere. */
  readonly notInTemplates: readonly string[];
}

/** The actions that read, write, delete or list a store's data, and the ARNs they act on. */
interface DataActions {
  readonly actions: Readonly<Record<AccessKind, readonly string[]>>;
  /** Whether an action of `kind` acts on the bucket or table ARN itself (else on what is under it). */
  readonly onStore: (kind: AccessKind) => boolean;
}

const DYNAMODB_ACTIONS: DataActions = {
  actions: {
    // Writes that can return the item they replace (ReturnValues, and ALL_OLD on a
    // failed condition) disclose it: they count as reads too. Exports, restores and
    // backups copy the data out.
    read: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:PartiQLSelect',
      'dynamodb:GetRecords',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:PartiQLUpdate',
      'dynamodb:PartiQLDelete',
      'dynamodb:ExportTableToPointInTime',
      'dynamodb:RestoreTableToPointInTime',
      'dynamodb:CreateBackup',
    ],
    write: [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:PartiQLInsert',
      'dynamodb:PartiQLUpdate',
    ],
    delete: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete'],
    list: [],
  },
  onStore: () => true,
};

const ACTIONS_BY_TYPE: Readonly<Record<string, DataActions>> = {
  'AWS::S3::Bucket': {
    actions: {
      read: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectVersionForReplication'],
      write: ['s3:PutObject', 's3:ReplicateObject'],
      delete: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      list: ['s3:ListBucket', 's3:ListBucketVersions'],
    },
    onStore: (kind) => kind === 'list',
  },
  'AWS::DynamoDB::Table': DYNAMODB_ACTIONS,
  'AWS::DynamoDB::GlobalTable': DYNAMODB_ACTIONS,
};

const ACCESS_KINDS: readonly AccessKind[] = ['read', 'write', 'delete', 'list'];

/** Condition operators that restrict the attributes a DynamoDB request may touch. */
const ATTRIBUTE_OPERATORS = ['ForAllValues:StringEquals', 'ForAllValues:StringLike'];
/** Condition operators of a deny that exempts the principals it names. */
const PRINCIPAL_EXEMPTIONS = ['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike'];

interface PiiStore {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly resource: TemplateResource;
  readonly arn: string;
  readonly keys: readonly ResourceRef[];
  readonly metadata?: StoreProcessingMetadata;
}

function tagsOf(resource: TemplateResource): unknown[] {
  const props = resource.Properties ?? {};
  if (resource.Type === 'AWS::DynamoDB::GlobalTable') {
    return ((props.Replicas as { Tags?: unknown[] }[] | undefined) ?? []).flatMap(
      (replica) => replica.Tags ?? [],
    );
  }
  const tags = props.Tags;
  if (Array.isArray(tags)) return tags;
  if (tags && typeof tags === 'object') {
    return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  }
  return [];
}

function isPii(resource: TemplateResource): boolean {
  return tagsOf(resource).some(
    (tag) =>
      (tag as { Key?: unknown }).Key === DATA_CLASSIFICATION_TAG &&
      (tag as { Value?: unknown }).Value === 'pii',
  );
}

/** The values under `path` (property names, `[]` for every item of a list) of `value`. */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : [value];
  const [head, ...rest] = path;
  if (head === '[]') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[head], rest);
}

/** Where each store type names its customer-managed key. */
const KEY_PATHS: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': [
    'BucketEncryption',
    'ServerSideEncryptionConfiguration',
    '[]',
    'ServerSideEncryptionByDefault',
    'KMSMasterKeyID',
  ],
  'AWS::DynamoDB::Table': ['SSESpecification', 'KMSMasterKeyId'],
  'AWS::DynamoDB::GlobalTable': ['Replicas', '[]', 'SSESpecification', 'KMSMasterKeyId'],
};

type ResourceRef = {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly arn: string;
};

/** Every KMS key of the assembly, found by its ARN or key id as a store names it. */
function keysOf(assembly: Assembly, values: TemplateValues): Map<string, ResourceRef> {
  const keys = new Map<string, ResourceRef>();
  for (const stack of assembly.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::KMS::Key') continue;
      const key = { stack, logicalId, arn: values.arnOf(stack, logicalId)! };
      keys.set(key.arn, key);
      keys.set(values.physicalName(stack, logicalId), key);
    }
  }
  return keys;
}

function findStores(assembly: Assembly, values: TemplateValues): PiiStore[] {
  const keys = keysOf(assembly, values);
  return assembly.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {})
      .filter(([, resource]) => isPii(resource))
      .map(([logicalId, resource]) => ({
        stack,
        logicalId,
        resource,
        arn: values.arnOf(stack, logicalId) ?? `${stack.path}/${logicalId}`,
        keys: valuesAt(resource.Properties, KEY_PATHS[resource.Type] ?? [])
          .map((ref) => keys.get(values.render(ref, stack).text))
          .filter((key): key is ResourceRef => key !== undefined),
        metadata: resource.Metadata?.[PROCESSING_METADATA_KEY] as
          StoreProcessingMetadata | undefined,
      })),
  );
}

/** Whether a statement's resources include `arn` (or, with `under`, something under it). */
function covers(
  entry: PolicyStatement,
  values: TemplateValues,
  target: { stack: AssemblyStack; logicalId: string; arn: string },
  under: boolean,
): boolean {
  if (entry.kind === 'resource') {
    // A resource policy grants on the resource it belongs to, and nothing else.
    if (entry.stack !== target.stack || entry.attachedTo !== target.logicalId) return false;
  }
  const matches = (resource: unknown) => {
    const pattern = values.render(resource, entry.stack).text;
    return under
      ? globMatchesSomeWithPrefix(pattern, `${target.arn}/`)
      : globMatches(pattern, target.arn);
  };
  const { resources, notResources } = entry.statement;
  if (notResources.length > 0) return !notResources.some(matches);
  if (resources.length === 0) return entry.kind === 'resource';
  return resources.some(matches);
}

/** Whether a statement covers the store for an action of `kind`. */
function coversStore(
  entry: PolicyStatement,
  values: TemplateValues,
  store: PiiStore,
  kind: AccessKind,
): boolean {
  const dataActions = ACTIONS_BY_TYPE[store.resource.Type];
  const onStore = dataActions.onStore(kind);
  const isTable = dataActions === DYNAMODB_ACTIONS;
  // A table's indexes and streams (`<table ARN>/index/...`) hold its items too.
  return (
    (onStore && covers(entry, values, store, false)) ||
    ((!onStore || isTable) && covers(entry, values, store, true))
  );
}

/** The condition keys a statement is subject to, for a reviewer. */
function conditionKeys(statement: Statement): string[] {
  return Object.values(statement.condition).flatMap((keys) => Object.keys(keys ?? {}));
}

/** The declared fields a DynamoDB read may return under the statement's `dynamodb:Attributes` condition. */
function readableFields(statement: Statement, fields: readonly PiiField[]): string[] {
  const allowed = ATTRIBUTE_OPERATORS.flatMap((operator) => {
    const keys = statement.condition[operator] ?? {};
    const entry = Object.entries(keys).find(([k]) => k.toLowerCase() === 'dynamodb:attributes');
    return entry ? [[entry[1]].flat().map(String)] : [];
  });
  return fields
    .map((f) => f.name)
    .filter((name) => allowed.every((patterns) => patterns.some((p) => globMatches(p, name))));
}

/**
 * Whether a deny statement takes an action away from `principal` whatever the request:
 * it has no condition, or only conditions that exempt principals (`aws:PrincipalArn`)
 * or accounts (`aws:PrincipalAccount`) by name, and `principal` is not among them.
 * Other conditions (the network path, TLS, how the request is signed) deny some
 * requests only, so the access stays in the record.
 */
function denies(entry: PolicyStatement, values: TemplateValues, principal: Principal): boolean {
  const applies =
    entry.kind === 'identity'
      ? entry.principals.some((p) => p.name === principal.name)
      : entry.principals.some((p) => p.kind === 'any principal' || p.name === principal.name);
  if (!applies) return false;
  const conditions = Object.entries(entry.statement.condition).flatMap(([operator, keys]) =>
    Object.entries(keys ?? {}).map(([key, value]) => ({ operator, key: key.toLowerCase(), value })),
  );
  return conditions.every(({ operator, key, value }) => {
    if (!PRINCIPAL_EXEMPTIONS.includes(operator)) return false;
    const exempt = [value].flat().map((v) => values.render(v, entry.stack).text);
    const named =
      key === 'aws:principalarn'
        ? principal.arn
        : key === 'aws:principalaccount'
          ? principal.account
          : undefined;
    if (named === undefined) return false;
    return !exempt.some((pattern) => globMatches(pattern, named));
  });
}

interface Grantee {
  readonly principal: Principal;
  readonly actions: Map<AccessKind, Set<string>>;
  readonly readsFields: Set<string>;
  readonly through: Set<string>;
}

function describeSource(entry: PolicyStatement): string {
  const keys = conditionKeys(entry.statement);
  return keys.length > 0 ? `${entry.source} (if ${[...new Set(keys)].join(', ')})` : entry.source;
}

/**
 * Whether `principal` may decrypt with one of the store's keys. KMS allows what the key
 * policy allows the principal, or, where the key policy delegates to the account (an
 * allow to the account root), what the principal's identity policies allow; an IAM
 * grant on a key whose policy does not delegate counts for nothing.
 */
function decrypts(
  statements: readonly PolicyStatement[],
  values: TemplateValues,
  store: PiiStore,
  principal: Principal,
): boolean {
  const allowsDecrypt = (entry: PolicyStatement) =>
    entry.statement.effect === 'Allow' && coversAction(entry.statement, 'kms:Decrypt');
  return store.keys.some((key) => {
    const keyPolicy = statements.filter(
      (entry) =>
        allowsDecrypt(entry) && entry.kind === 'resource' && covers(entry, values, key, false),
    );
    const direct = keyPolicy.some((entry) =>
      entry.principals.some((p) => p.name === principal.name || p.kind === 'any principal'),
    );
    const delegated = keyPolicy.some((entry) =>
      entry.principals.some((p) => p.kind === 'account' && p.account === principal.account),
    );
    const byIdentityPolicy = statements.some(
      (entry) =>
        allowsDecrypt(entry) &&
        entry.kind === 'identity' &&
        entry.principals.some((p) => p.name === principal.name) &&
        covers(entry, values, key, false),
    );
    return direct || (delegated && byIdentityPolicy);
  });
}

function storeAccess(
  statements: readonly PolicyStatement[],
  values: TemplateValues,
  store: PiiStore,
  fields: readonly PiiField[],
): StoreAccess[] {
  const dataActions = ACTIONS_BY_TYPE[store.resource.Type];
  const grantees = new Map<string, Grantee>();
  const isSameAccountRoot = (entry: PolicyStatement, p: Principal) =>
    entry.kind === 'resource' && p.kind === 'account' && p.account === store.stack.account;

  for (const entry of statements) {
    if (entry.statement.effect !== 'Allow') continue;
    for (const kind of ACCESS_KINDS) {
      const actions = dataActions.actions[kind].filter((a) => coversAction(entry.statement, a));
      if (actions.length === 0 || !coversStore(entry, values, store, kind)) continue;
      // A resource policy's own account delegates to IAM: its identity policies decide.
      for (const principal of entry.principals.filter((p) => !isSameAccountRoot(entry, p))) {
        const grantee = grantees.get(principal.name) ?? {
          principal,
          actions: new Map(),
          readsFields: new Set<string>(),
          through: new Set<string>(),
        };
        grantees.set(principal.name, grantee);
        const granted = grantee.actions.get(kind) ?? new Set<string>();
        actions.forEach((a) => granted.add(a));
        grantee.actions.set(kind, granted);
        if (kind === 'read') {
          readableFields(entry.statement, fields).forEach((f) => grantee.readsFields.add(f));
        }
        grantee.through.add(describeSource(entry));
      }
    }
  }

  const denials = statements.filter((entry) => entry.statement.effect === 'Deny');
  return [...grantees.values()]
    .map((grantee) => {
      const can = ACCESS_KINDS.filter((kind) => {
        const allowed = [...(grantee.actions.get(kind) ?? [])];
        const remaining = allowed.filter(
          (action) =>
            !denials.some(
              (entry) =>
                coversAction(entry.statement, action) &&
                coversStore(entry, values, store, kind) &&
                denies(entry, values, grantee.principal),
            ),
        );
        return remaining.length > 0;
      });
      const reads = can.includes('read');
      return {
        principal: grantee.principal.name,
        kind: grantee.principal.kind,
        ...(grantee.principal.account ? { account: grantee.principal.account } : {}),
        ...(grantee.principal.assumedBy ? { assumedBy: grantee.principal.assumedBy } : {}),
        can,
        readsFields: reads
          ? fields.map((f) => f.name).filter((f) => grantee.readsFields.has(f))
          : [],
        ...(reads && store.keys.length > 0
          ? { decrypts: decrypts(statements, values, store, grantee.principal) }
          : {}),
        through: [...grantee.through].sort(),
      };
    })
    .filter((access) => access.can.length > 0)
    .sort((a, b) => a.principal.localeCompare(b.principal));
}

function undeclared(store: PiiStore): StoreProcessingMetadata {
  const note = `not declared: the store carries no ${PROCESSING_METADATA_KEY} metadata`;
  return {
    storeType: store.resource.Type,
    dataset: `(${note})`,
    fields: [],
    retention: '(not declared)',
    disposal: '(not declared)',
    sharedWith: [],
  };
}

/** The record of processing of every PII store in `assembly`. */
export function recordOfProcessing(assembly: Assembly): RecordOfProcessing {
  const values = new TemplateValues(assembly.stacks);
  const policies = readPolicies(assembly.stacks, values);
  const stores = findStores(assembly, values)
    .map((store): ProcessingRecord => {
      const declaration = store.metadata ?? undeclared(store);
      const analysed = ACTIONS_BY_TYPE[store.resource.Type] !== undefined;
      const access = analysed
        ? storeAccess(policies.statements, values, store, declaration.fields)
        : [];
      const who = (kind: AccessKind) =>
        access.filter((a) => a.can.includes(kind)).map((a) => a.principal);
      return {
        store: resourcePath(store.stack, store.logicalId),
        stack: store.stack.path,
        logicalId: store.logicalId,
        resourceType: store.resource.Type,
        declared: store.metadata !== undefined,
        storeType: declaration.storeType,
        dataset: declaration.dataset,
        fields: declaration.fields,
        retention: declaration.retention,
        disposal: declaration.disposal,
        sharedWith: declaration.sharedWith ?? [],
        access,
        readers: who('read'),
        writers: who('write'),
        deleters: who('delete'),
        listers: who('list'),
        outsideTheAccount: access
          .filter((a) => a.account !== store.stack.account && a.kind !== 'service')
          .map((a) => a.principal),
        accessAnalysed: analysed,
      };
    })
    .sort((a, b) => a.store.localeCompare(b.store));
  return { stores, notInTemplates: policies.unreadable };
}
