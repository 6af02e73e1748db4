import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  ListObjectVersionsCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { sellingPartnerPrefix } from '../../constructs/data/layout';
import { chunksOf, describeError, partition } from './util';
import { NotDeleted, RetainedArchive, StoreResult } from './types';

/** DeleteObjects accepts at most 1000 keys. */
export const DELETE_OBJECTS_LIMIT = 1000;

const OUTSIDE_PREFIX = "outside the selling partner's prefix; left alone";

/** S3's version id of an object written while versioning was off. */
const NULL_VERSION_ID = 'null';

/** One object version or delete marker. */
interface ObjectVersion {
  readonly key: string;
  readonly versionId: string;
}

export interface BucketRun {
  readonly s3: S3Client;
  readonly bucketName: string;
  readonly sellingPartnerId: string;
  readonly dryRun: boolean;
}

/**
 * Finds every object version and delete marker under the selling partner's prefix,
 * page by page, and (unless a dry run) deletes each with its VersionId. A DeleteObject
 * without a version on a versioned bucket only adds a delete marker and the data stays;
 * deleting every version by id is permanent. A failed call stops this store and is
 * reported in its result, never thrown.
 */
export async function processPiiBucket(run: BucketRun): Promise<StoreResult> {
  const prefix = sellingPartnerPrefix(run.sellingPartnerId);
  let found = 0;
  let deleted = 0;
  const notDeleted: NotDeleted[] = [];
  let inFlight: ObjectVersion[] = [];
  try {
    for await (const page of versionPages(run.s3, run.bucketName, prefix)) {
      const versions = [...versionsOf(page.Versions), ...versionsOf(page.DeleteMarkers)];
      found += versions.length;
      const [ours, others] = partition(versions, (v) => v.key.startsWith(prefix));
      notDeleted.push(...others.map((v) => ({ ...v, reason: OUTSIDE_PREFIX })));
      if (run.dryRun) continue;
      for (const chunk of chunksOf(ours, DELETE_OBJECTS_LIMIT)) {
        inFlight = chunk;
        const result = await deleteChunk(run, chunk);
        inFlight = [];
        deleted += result.deleted;
        notDeleted.push(...result.notDeleted);
      }
    }
  } catch (e) {
    const error = describeError(e);
    const reason = `DeleteObjects failed, not known to be deleted: ${error}`;
    notDeleted.push(...inFlight.map((v) => ({ ...v, reason })));
    return { store: 'pii-bucket', resource: run.bucketName, found, deleted, notDeleted, error };
  }
  return { store: 'pii-bucket', resource: run.bucketName, found, deleted, notDeleted };
}

/**
 * Counts the object versions the tax archive holds under the selling partner's prefix.
 * It never deletes: DPP 1.7 exempts data required to comply with law, and Object Lock
 * would refuse anyway.
 */
export async function listRetainedArchive(
  s3: S3Client,
  bucketName: string,
  sellingPartnerId: string,
  basis: string,
): Promise<RetainedArchive> {
  let retained = 0;
  try {
    for await (const page of versionPages(s3, bucketName, sellingPartnerPrefix(sellingPartnerId))) {
      retained += (page.Versions ?? []).length;
    }
  } catch (e) {
    return { store: 'tax-archive', resource: bucketName, retained, basis, error: describeError(e) };
  }
  return { store: 'tax-archive', resource: bucketName, retained, basis };
}

/** The pages of ListObjectVersions under `prefix`, following KeyMarker / VersionIdMarker. */
async function* versionPages(
  s3: S3Client,
  bucket: string,
  prefix: string,
): AsyncGenerator<ListObjectVersionsCommandOutput> {
  if (prefix === '' || prefix === '/') {
    throw new Error(`refusing to list the whole bucket ${bucket} (prefix '${prefix}')`);
  }
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    yield page;
    if (!page.IsTruncated) return;
    if (!page.NextKeyMarker) {
      throw new Error('ListObjectVersions reported more results but returned no NextKeyMarker');
    }
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

function versionsOf(
  entries: readonly { Key?: string; VersionId?: string }[] | undefined,
): ObjectVersion[] {
  return (entries ?? []).flatMap((entry) =>
    entry.Key === undefined
      ? []
      : [{ key: entry.Key, versionId: entry.VersionId ?? NULL_VERSION_ID }],
  );
}

/**
 * Deletes one chunk of versions. Counts as deleted only what the response lists under
 * Deleted; every Errors entry, and anything the response does not mention, is not deleted.
 */
async function deleteChunk(
  run: BucketRun,
  chunk: ObjectVersion[],
): Promise<{ deleted: number; notDeleted: NotDeleted[] }> {
  const response = await run.s3.send(
    new DeleteObjectsCommand({
      Bucket: run.bucketName,
      Delete: {
        Objects: chunk.map((v) => ({ Key: v.key, VersionId: v.versionId })),
        Quiet: false,
      },
    }),
  );
  const pending = new Map(chunk.map((v) => [idOf(v.key, v.versionId), v]));
  let deleted = 0;
  for (const entry of response.Deleted ?? []) {
    if (pending.delete(idOf(entry.Key, entry.VersionId))) deleted++;
  }
  const notDeleted: NotDeleted[] = [];
  for (const error of response.Errors ?? []) {
    const version = pendingFor(pending, error.Key, error.VersionId);
    if (!version) continue;
    pending.delete(idOf(version.key, version.versionId));
    notDeleted.push({
      ...version,
      reason: `${error.Code ?? 'Error'}: ${error.Message ?? ''}`.trim(),
    });
  }
  for (const version of pending.values()) {
    notDeleted.push({ ...version, reason: 'DeleteObjects did not confirm its deletion' });
  }
  return { deleted, notDeleted };
}

/** The pending version an Errors entry is about; by key alone if S3 left out the version. */
function pendingFor(
  pending: ReadonlyMap<string, ObjectVersion>,
  key: string | undefined,
  versionId: string | undefined,
): ObjectVersion | undefined {
  if (versionId !== undefined) return pending.get(idOf(key, versionId));
  return [...pending.values()].find((v) => v.key === key);
}

function idOf(key: string | undefined, versionId: string | undefined): string {
  return `${key}\u0000${versionId ?? NULL_VERSION_ID}`;
}
