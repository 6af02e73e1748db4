import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import {
  CommandIo,
  EXIT_INCOMPLETE,
  EXIT_OK,
  EXIT_USAGE,
  USAGE,
  UsageError,
  parseCommand,
  runCommand,
} from '../../scripts/delete-selling-partner-data';
import {
  ARCHIVE,
  BUCKET,
  Mocks,
  SP,
  TABLE,
  acceptDeletes,
  acceptDeleteObjects,
  fakeDeps,
  itemKeys,
  mockAws,
  objectVersions,
  serveQueryPages,
  serveVersionPages,
} from '../lib/deletion/fakes';
import { runNpmScript } from '../helpers';

const ARGS = [
  '--selling-partner-id',
  SP,
  '--table',
  TABLE,
  '--bucket',
  BUCKET,
  '--archive-bucket',
  ARCHIVE,
  '--request-ref',
  'AMZ-NOTICE-1',
];

const osUser = () => 'os-user';

/** The command's world in memory: printed text, written files, the region asked for. */
function fakeIo(writeEvidence?: CommandIo['writeEvidence']) {
  const printed = { out: [] as string[], err: [] as string[] };
  const files = new Map<string, string>();
  const regions: (string | undefined)[] = [];
  const deps = fakeDeps();
  const io: CommandIo = {
    createClients: (region) => {
      regions.push(region);
      return { dynamodb: deps.dynamodb, s3: deps.s3 };
    },
    writeEvidence:
      writeEvidence ??
      ((dir, fileName, json) => {
        files.set(`${dir}/${fileName}`, json);
        return `${dir}/${fileName}`;
      }),
    out: (text) => printed.out.push(text),
    err: (text) => printed.err.push(text),
    defaultOperator: osUser,
    now: deps.now,
    sleep: deps.sleep,
  };
  return { io, printed, files, regions };
}

describe('delete-selling-partner-data command', () => {
  describe('arguments', () => {
    test('is a dry run unless --confirm is given', () => {
      expect(parseCommand(ARGS, osUser)).toEqual({
        kind: 'run',
        options: {
          sellingPartnerId: SP,
          tableName: TABLE,
          bucketName: BUCKET,
          archiveBucketName: ARCHIVE,
          requestReference: 'AMZ-NOTICE-1',
          dryRun: true,
          operator: 'os-user',
        },
        evidenceDir: 'deletion-evidence',
      });
    });

    test('deletes when --confirm repeats the selling partner id, and reads the optional flags', () => {
      const command = parseCommand(
        [
          ...ARGS,
          '--confirm',
          SP,
          '--region',
          'eu-west-1',
          '--evidence-dir',
          '/secure/evidence',
          '--operator',
          'alice.smith',
        ],
        osUser,
      );
      expect(command).toMatchObject({
        kind: 'run',
        options: { dryRun: false, operator: 'alice.smith' },
        region: 'eu-west-1',
        evidenceDir: '/secure/evidence',
      });
    });

    test('fails if --confirm names another selling partner', () => {
      expect(() => parseCommand([...ARGS, '--confirm', 'A1OTHERPARTNER'], osUser)).toThrow(
        new UsageError(
          `--confirm A1OTHERPARTNER does not match --selling-partner-id ${SP}; nothing was deleted`,
        ),
      );
    });

    test('fails if required options are missing, naming each one', () => {
      expect(() => parseCommand(['--table', TABLE], osUser)).toThrow(
        'missing --selling-partner-id, --bucket, --archive-bucket, --request-ref',
      );
    });

    test('fails if an option is given twice', () => {
      expect(() => parseCommand([...ARGS, '--selling-partner-id', 'A1OTHER'], osUser)).toThrow(
        '--selling-partner-id is given more than once',
      );
    });

    test.each([
      ['an unknown option', ['--force']],
      ['a positional argument', [SP]],
      ['an option without its value', ['--confirm']],
    ])('fails if the command line has %s', (_what, extra) => {
      expect(() => parseCommand([...ARGS, ...extra], osUser)).toThrow(UsageError);
    });
  });

  describe('runs', () => {
    let mocks: Mocks;
    beforeEach(() => {
      mocks = mockAws();
    });
    afterEach(() => {
      mocks.ddb.restore();
      mocks.s3.restore();
    });

    function servePartner(items = 3) {
      serveQueryPages(mocks, [itemKeys(items)]);
      serveVersionPages(mocks, BUCKET, [objectVersions(2, 2)]);
      serveVersionPages(mocks, ARCHIVE, [objectVersions(1, 1, 9)]);
    }

    test('prints the usage and exits 0 on --help', async () => {
      const { io, printed } = fakeIo();
      expect(await runCommand(['--help'], io)).toBe(EXIT_OK);
      expect(printed.out).toEqual([USAGE]);
    });

    test('fails if the command line is wrong: exits 2 with the usage text, before creating any client', async () => {
      const { io, printed, regions, files } = fakeIo();
      expect(await runCommand([...ARGS, '--confirm', 'A1OTHER'], io)).toBe(EXIT_USAGE);
      expect(printed.err.join('\n')).toContain('Usage error: --confirm A1OTHER does not match');
      expect(printed.err.join('\n')).toContain(USAGE);
      expect(regions).toEqual([]);
      expect(files.size).toBe(0);
    });

    test('fails if the selling partner id is invalid: exits 2 before creating any client', async () => {
      const { io, printed, files, regions } = fakeIo();
      const args = ARGS.map((a) => (a === SP ? 'A2EUQ1 WTGCTBG2' : a));
      expect(await runCommand(args, io)).toBe(EXIT_USAGE);
      expect(printed.err.join('\n')).toContain(
        'The deletion request is invalid:\n  - the selling partner id contains whitespace',
      );
      expect(regions).toEqual([]);
      expect(mocks.ddb.calls()).toHaveLength(0);
      expect(mocks.s3.calls()).toHaveLength(0);
      expect(files.size).toBe(0);
    });

    test('exits 0 on a dry run, prints the summary and writes the evidence file', async () => {
      servePartner();
      const { io, printed, files } = fakeIo();

      expect(await runCommand([...ARGS, '--evidence-dir', 'ev'], io)).toBe(EXIT_OK);

      expect(mocks.ddb.commandCalls(DeleteCommand)).toHaveLength(0);
      const out = printed.out.join('\n');
      expect(out).toContain('Outcome: DRY RUN: nothing was deleted.');
      const file = `ev/AMZ-NOTICE-1_${SP}_dry-run_2024-05-01T10-00-00.000Z.json`;
      expect(out).toContain(`Evidence: ${file}`);
      expect(JSON.parse(files.get(file) ?? '{}')).toMatchObject({
        mode: 'dry-run',
        outcome: 'dry-run',
        operator: 'os-user',
        stores: [{ found: 3 }, { found: 4 }],
        retainedArchive: { retained: 1 },
      });
    });

    test('exits 0 on a complete deletion, using the region given', async () => {
      servePartner();
      acceptDeletes(mocks);
      acceptDeleteObjects(mocks, BUCKET);
      const { io, printed, regions } = fakeIo();

      expect(await runCommand([...ARGS, '--confirm', SP, '--region', 'eu-west-1'], io)).toBe(
        EXIT_OK,
      );

      expect(regions).toEqual(['eu-west-1']);
      expect(printed.out.join('\n')).toContain('Outcome: COMPLETE');
    });

    test('reports incomplete and exits 1 when a version is not deleted', async () => {
      servePartner();
      acceptDeletes(mocks);
      acceptDeleteObjects(mocks, BUCKET, (v) =>
        v.versionId === 'v1-1' ? { Code: 'InternalError', Message: 'retry' } : undefined,
      );
      const { io, printed, files } = fakeIo();

      expect(await runCommand([...ARGS, '--confirm', SP], io)).toBe(EXIT_INCOMPLETE);

      expect(printed.out.join('\n')).toContain(
        `not deleted: ${SP}/orders/0001.json (version v1-1): InternalError: retry`,
      );
      expect(files.size).toBe(1);
    });

    test('reports each store failed, readably, and exits 1 when AWS cannot be reached', async () => {
      mocks.ddb.rejects(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      );
      mocks.s3.rejects(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      );
      const { io, printed } = fakeIo();

      expect(await runCommand(ARGS, io)).toBe(EXIT_INCOMPLETE);

      expect(printed.out.join('\n')).toContain(
        'FAILED: CredentialsProviderError: Could not load credentials from any providers',
      );
    });

    test('reports the record on the terminal and exits 1 when the evidence file cannot be written', async () => {
      servePartner();
      const { io, printed } = fakeIo(() => {
        throw new Error('EACCES: permission denied');
      });

      expect(await runCommand(ARGS, io)).toBe(EXIT_INCOMPLETE);

      expect(printed.err.join('\n')).toContain(
        'Could not write the evidence file (EACCES: permission denied)',
      );
      expect(JSON.parse(printed.out[printed.out.length - 1])).toMatchObject({
        requestReference: 'AMZ-NOTICE-1',
        outcome: 'dry-run',
      });
    });
  });

  test('fails if options are missing: the real command exits 2 with the usage text', () => {
    const run = runNpmScript('delete-selling-partner-data', ['--table', TABLE]);
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.stderr).toContain(
      'Usage error: missing --selling-partner-id, --bucket, --archive-bucket, --request-ref',
    );
    expect(run.stderr).toContain('npm run delete-selling-partner-data --');
    expect(run.stdout).toBe('');
  });
});
