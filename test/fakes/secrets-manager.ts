import { randomUUID } from 'crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';

/**
 * An in-memory Secrets Manager behind aws-sdk-client-mock, stateful enough for the
 * rotation protocol: versions and staging labels, rotation that pre-creates an empty
 * `AWSPENDING` version and runs the four steps through the rotation function, the
 * "previous rotation isn't complete" refusal, tags, resource policies and scheduled
 * deletion. Rotations run when the test says (`runRotations`), so tests can order
 * events as they would interleave in AWS.
 */

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const PREVIOUS = 'AWSPREVIOUS';
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

export interface FakeVersion {
  value?: string;
  stages: Set<string>;
  created: Date;
}

export interface FakeSecret {
  arn: string;
  name: string;
  kmsKeyId?: string;
  description?: string;
  tags: Map<string, string>;
  versions: Map<string, FakeVersion>;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  lastRotatedDate?: Date;
  createdDate: Date;
  deletionDate?: Date;
  resourcePolicy?: string;
}

export interface RotationRun {
  readonly secretArn: string;
  readonly token: string;
  readonly outcome: 'succeeded' | 'failed';
  readonly failedStep?: string;
  readonly error?: unknown;
}

export type RotationInvoker = (event: {
  Step: (typeof STEPS)[number];
  SecretId: string;
  ClientRequestToken: string;
}) => Promise<void>;

const meta = { $metadata: {} };

export class FakeSecretsManager {
  readonly secrets = new Map<string, FakeSecret>();
  readonly runs: RotationRun[] = [];
  readonly queuedRotations: { arn: string; token: string }[] = [];
  readonly mock: AwsClientStub<SecretsManagerClient>;
  invokeRotation?: RotationInvoker;
  private clock: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.clock = now;
    this.mock = mockClient(SecretsManagerClient);
    const on = <I, O>(command: unknown, fn: (input: I) => O) =>
      (this.mock as unknown as { on(c: unknown): { callsFake(f: unknown): void } })
        .on(command)
        .callsFake(async (input: I) => fn(input));
    on(DescribeSecretCommand, (i: { SecretId: string }) => this.describe(i.SecretId));
    on(GetSecretValueCommand, (i) => this.getValue(i as GetInput));
    on(PutSecretValueCommand, (i) => this.putValue(i as PutInput));
    on(UpdateSecretVersionStageCommand, (i) => this.updateStage(i as StageInput));
    on(RotateSecretCommand, (i) =>
      this.rotate(i as { SecretId: string; ClientRequestToken?: string }),
    );
    on(TagResourceCommand, (i: { SecretId: string; Tags: { Key: string; Value: string }[] }) => {
      for (const t of i.Tags) this.find(i.SecretId).tags.set(t.Key, t.Value);
      return meta;
    });
    on(UntagResourceCommand, (i: { SecretId: string; TagKeys: string[] }) => {
      for (const k of i.TagKeys) this.find(i.SecretId).tags.delete(k);
      return meta;
    });
    on(ListSecretVersionIdsCommand, (i: { SecretId: string }) => this.listVersions(i.SecretId));
    on(CreateSecretCommand, (i) => this.create(i as CreateInput));
    on(PutResourcePolicyCommand, (i: { SecretId: string; ResourcePolicy: string }) => {
      const secret = this.find(i.SecretId);
      secret.resourcePolicy = i.ResourcePolicy;
      return { ...meta, ARN: secret.arn, Name: secret.name };
    });
    on(GetResourcePolicyCommand, (i: { SecretId: string }) => {
      const secret = this.find(i.SecretId);
      return { ...meta, ARN: secret.arn, Name: secret.name, ResourcePolicy: secret.resourcePolicy };
    });
    on(DeleteSecretCommand, (i: { SecretId: string; RecoveryWindowInDays?: number }) => {
      const secret = this.find(i.SecretId);
      const days = i.RecoveryWindowInDays ?? 30;
      secret.deletionDate = new Date(this.clock().getTime() + days * 86_400_000);
      return { ...meta, ARN: secret.arn, Name: secret.name, DeletionDate: secret.deletionDate };
    });
  }

  set now(now: () => Date) {
    this.clock = now;
  }

  restore(): void {
    this.mock.restore();
  }

  /** Adds a secret as CloudFormation would create it, with one current version. */
  addSecret(options: {
    name: string;
    value?: string;
    rotationEnabled?: boolean;
    created?: Date;
    kmsKeyId?: string;
  }): FakeSecret {
    const created = options.created ?? this.clock();
    const secret: FakeSecret = {
      arn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${options.name}-AbCdEf`,
      name: options.name,
      ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
      tags: new Map(),
      versions: new Map(),
      rotationEnabled: options.rotationEnabled ?? false,
      createdDate: created,
    };
    if (options.value !== undefined) {
      secret.versions.set(randomUUID(), {
        value: options.value,
        stages: new Set([CURRENT]),
        created,
      });
    }
    this.secrets.set(secret.arn, secret);
    return secret;
  }

  /** The value staged `stage`, for assertions. */
  valueAt(secretId: string, stage: string): string | undefined {
    return [...this.find(secretId).versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  versionIdAt(secretId: string, stage: string): string | undefined {
    return [...this.find(secretId).versions.entries()].find(([, v]) => v.stages.has(stage))?.[0];
  }

  /** Calls the stub saw of one command, e.g. `calls(PutSecretValueCommand)`. */
  calls(command: unknown): unknown[] {
    return (this.mock as unknown as { commandCalls(c: unknown): { args: [{ input: unknown }] }[] })
      .commandCalls(command)
      .map((c) => c.args[0].input);
  }

  /** What the rotation schedule does when it comes due: start a rotation. */
  scheduleFires(secretId: string): void {
    try {
      this.rotate({ SecretId: secretId });
    } catch (error) {
      if (!(error instanceof InvalidRequestException)) throw error;
    }
  }

  /** Runs every queued rotation (and any they queue), each through its four steps. */
  async runRotations(): Promise<RotationRun[]> {
    const runs: RotationRun[] = [];
    while (this.queuedRotations.length > 0) {
      const { arn, token } = this.queuedRotations.shift()!;
      runs.push(await this.runRotation(arn, token));
    }
    this.runs.push(...runs);
    return runs;
  }

  private async runRotation(arn: string, token: string): Promise<RotationRun> {
    if (!this.invokeRotation) throw new Error('no rotation function set on the fake');
    for (const step of STEPS) {
      try {
        await this.invokeRotation({ Step: step, SecretId: arn, ClientRequestToken: token });
      } catch (error) {
        return { secretArn: arn, token, outcome: 'failed', failedStep: step, error };
      }
    }
    this.find(arn).lastRotatedDate = this.clock();
    return { secretArn: arn, token, outcome: 'succeeded' };
  }

  private find(secretId: string): FakeSecret {
    const secret =
      this.secrets.get(secretId) ?? [...this.secrets.values()].find((s) => s.name === secretId);
    if (!secret) {
      throw new ResourceNotFoundException({
        ...meta,
        message: "Secrets Manager can't find the specified secret.",
      });
    }
    return secret;
  }

  private describe(secretId: string) {
    const s = this.find(secretId);
    const stages: Record<string, string[]> = {};
    for (const [id, v] of s.versions) if (v.stages.size > 0) stages[id] = [...v.stages];
    return {
      ...meta,
      ARN: s.arn,
      Name: s.name,
      KmsKeyId: s.kmsKeyId,
      Description: s.description,
      RotationEnabled: s.rotationEnabled,
      RotationLambdaARN: s.rotationLambdaArn,
      VersionIdsToStages: stages,
      Tags: [...s.tags].map(([Key, Value]) => ({ Key, Value })),
      LastRotatedDate: s.lastRotatedDate,
      CreatedDate: s.createdDate,
      DeletedDate: s.deletionDate,
    };
  }

  private getValue(i: GetInput) {
    const s = this.find(i.SecretId);
    if (s.deletionDate) {
      throw new InvalidRequestException({ ...meta, message: 'the secret is marked for deletion' });
    }
    const stage = i.VersionStage ?? (i.VersionId ? undefined : CURRENT);
    const entry = [...s.versions.entries()].find(
      ([id, v]) => (!i.VersionId || id === i.VersionId) && (!stage || v.stages.has(stage)),
    );
    if (!entry || entry[1].value === undefined) {
      throw new ResourceNotFoundException({
        ...meta,
        message:
          "Secrets Manager can't find the specified secret value for VersionId or staging label",
      });
    }
    const [id, v] = entry;
    return {
      ...meta,
      ARN: s.arn,
      Name: s.name,
      VersionId: id,
      SecretString: v.value,
      VersionStages: [...v.stages],
      CreatedDate: v.created,
    };
  }

  private putValue(i: PutInput) {
    const s = this.find(i.SecretId);
    const token = i.ClientRequestToken ?? randomUUID();
    const existing = s.versions.get(token);
    if (existing?.value !== undefined) {
      if (existing.value !== i.SecretString) {
        throw new ResourceExistsException({
          ...meta,
          message: 'A resource with the ID you requested already exists.',
        });
      }
      return {
        ...meta,
        ARN: s.arn,
        Name: s.name,
        VersionId: token,
        VersionStages: [...existing.stages],
      };
    }
    const version = existing ?? { stages: new Set<string>(), created: this.clock() };
    version.value = i.SecretString;
    s.versions.set(token, version);
    for (const stage of i.VersionStages ?? [CURRENT]) this.attach(s, stage, token);
    return {
      ...meta,
      ARN: s.arn,
      Name: s.name,
      VersionId: token,
      VersionStages: [...version.stages],
    };
  }

  private updateStage(i: StageInput) {
    const s = this.find(i.SecretId);
    const holder = [...s.versions.entries()].find(([, v]) => v.stages.has(i.VersionStage))?.[0];
    if (holder && holder !== i.MoveToVersionId && holder !== i.RemoveFromVersionId) {
      throw new InvalidParameterException({
        ...meta,
        message: `The staging label ${i.VersionStage} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
      });
    }
    if (i.RemoveFromVersionId) s.versions.get(i.RemoveFromVersionId)?.stages.delete(i.VersionStage);
    if (i.MoveToVersionId) this.attach(s, i.VersionStage, i.MoveToVersionId);
    // Moving AWSCURRENT leaves AWSPREVIOUS on the version it left.
    if (i.VersionStage === CURRENT && i.RemoveFromVersionId && i.MoveToVersionId) {
      for (const v of s.versions.values()) v.stages.delete(PREVIOUS);
      s.versions.get(i.RemoveFromVersionId)?.stages.add(PREVIOUS);
    }
    return { ...meta, ARN: s.arn, Name: s.name };
  }

  /** Attaches a label to one version, taking it off any other; AWSCURRENT leaves AWSPREVIOUS behind. */
  private attach(s: FakeSecret, stage: string, versionId: string): void {
    const target = s.versions.get(versionId);
    if (!target) {
      throw new ResourceNotFoundException({ ...meta, message: `no version ${versionId}` });
    }
    for (const [id, v] of s.versions) {
      if (id !== versionId && v.stages.delete(stage) && stage === CURRENT) {
        for (const other of s.versions.values()) other.stages.delete(PREVIOUS);
        v.stages.add(PREVIOUS);
      }
    }
    target.stages.add(stage);
  }

  private rotate(i: { SecretId: string; ClientRequestToken?: string }) {
    const s = this.find(i.SecretId);
    if (!s.rotationEnabled) {
      throw new InvalidRequestException({ ...meta, message: 'rotation is not configured' });
    }
    const pending = [...s.versions.entries()].find(
      ([, v]) => v.stages.has(PENDING) && !v.stages.has(CURRENT),
    );
    if (pending) {
      this.queuedRotations.push({ arn: s.arn, token: pending[0] });
      throw new InvalidRequestException({
        ...meta,
        message: "A previous rotation isn't complete. That rotation will be reattempted.",
      });
    }
    const token = i.ClientRequestToken ?? randomUUID();
    const version = s.versions.get(token) ?? { stages: new Set<string>(), created: this.clock() };
    s.versions.set(token, version);
    this.attach(s, PENDING, token);
    this.queuedRotations.push({ arn: s.arn, token });
    return { ...meta, ARN: s.arn, Name: s.name, VersionId: token };
  }

  private listVersions(secretId: string) {
    const s = this.find(secretId);
    return {
      ...meta,
      ARN: s.arn,
      Name: s.name,
      Versions: [...s.versions.entries()]
        .filter(([, v]) => v.stages.size > 0)
        .map(([id, v]) => ({
          VersionId: id,
          VersionStages: [...v.stages],
          CreatedDate: v.created,
        })),
    };
  }

  private create(i: CreateInput) {
    const existing = [...this.secrets.values()].find((s) => s.name === i.Name);
    if (existing?.deletionDate) {
      throw new InvalidRequestException({
        ...meta,
        message:
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
      });
    }
    if (existing) {
      throw new ResourceExistsException({
        ...meta,
        message: `The secret ${i.Name} already exists.`,
      });
    }
    const secret = this.addSecret({
      name: i.Name,
      ...(i.KmsKeyId ? { kmsKeyId: i.KmsKeyId } : {}),
      ...(i.SecretString !== undefined ? { value: i.SecretString } : {}),
    });
    secret.description = i.Description;
    for (const t of i.Tags ?? []) secret.tags.set(t.Key, t.Value);
    const versionId = this.versionIdAt(secret.arn, CURRENT);
    return {
      ...meta,
      ARN: secret.arn,
      Name: secret.name,
      ...(versionId ? { VersionId: versionId } : {}),
    };
  }
}

interface GetInput {
  SecretId: string;
  VersionId?: string;
  VersionStage?: string;
}
interface PutInput {
  SecretId: string;
  ClientRequestToken?: string;
  SecretString?: string;
  VersionStages?: string[];
}
interface StageInput {
  SecretId: string;
  VersionStage: string;
  MoveToVersionId?: string;
  RemoveFromVersionId?: string;
}
interface CreateInput {
  Name: string;
  KmsKeyId?: string;
  SecretString?: string;
  Description?: string;
  Tags?: { Key: string; Value: string }[];
}
