// @ts-check
/**
 * The layers of the project and the directions imports may take between them
 * (docs/architecture.md draws the picture). `npm run lint` checks every import of bin/,
 * lib/, constructs/, scripts/ and test/ against these rules with
 * scripts/check-dependencies.mjs; test/scripts/check-dependencies.test.ts shows that a
 * wrong arrow or a cycle fails it.
 *
 * Each rule names a layer and forbids every project import outside what it may use, so
 * a new folder is covered without editing the rule (a new command under lib/ is held
 * to the rule for commands).
 */

/** Every file of the project (not node_modules, not Node's own modules). */
const PROJECT = '^(bin|lib|constructs|scripts|test)/';

/** The layers, as path patterns relative to the repository root. */
const POLICY = '^lib/policy/';
const NETWORK = '^lib/network/';
const RUNTIME = '^lib/runtime/';
const NAG = '^lib/nag/';
const CONFIG = '^lib/config/';
const STAGE = '^lib/stage/';
const REPORT = '^lib/report/';
const DIAGRAM = '^lib/diagram/';
const CONSTRUCTS = '^constructs/';
/** The app's composition: the app, its checks, its stages. */
const APP = '^lib/(app|checks)\\.ts$';
/** What constructs may use of the nag module: acknowledging a finding, naming it, declaring a control. */
const NAG_FOR_CONSTRUCTS = '^lib/nag/(acknowledge|controls|finding-ids)\\.ts$';
/** Where the stores and the commands that operate on them agree how data is laid out. */
const LAYOUTS = '^constructs/[^/]+/layout\\.ts$';
/** Folders of lib/ that are a named layer; every other folder of lib/ is a command's code. */
const NAMED_LIB = '^lib/(policy|network|runtime|nag|config|stage|report|diagram)/|^lib/[^/]+\\.ts$';
/** A command's code (lib/deletion, lib/access-review): scheduled functions may run it too. */
const COMMANDS = '^lib/(?!(policy|network|runtime|nag|config|stage|report|diagram)/)[^/]+/';

const either = (...patterns) => patterns.join('|');

/**
 * A rule that lets `from` import only `allowed` of the project (and itself).
 * @param {string} name
 * @param {string} comment
 * @param {string} from
 * @param {string[]} allowed
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function importsOnly(name, comment, from, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: PROJECT, pathNot: either(from, ...allowed) },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'Modules import each other in a circle: split the shared piece into a module both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    importsOnly(
      'policy-is-a-leaf',
      'lib/policy holds the facts the policies set; it imports nothing of the project.',
      POLICY,
      [],
    ),
    importsOnly(
      'network-imports-policy-only',
      'lib/network (address arithmetic shared by config and constructs) imports only policy facts.',
      NETWORK,
      [POLICY],
    ),
    importsOnly(
      'runtime-imports-policy-only',
      'lib/runtime (the logger and retries of functions and commands) imports only policy facts.',
      RUNTIME,
      [POLICY],
    ),
    importsOnly(
      'nag-imports-policy-only',
      'A check is independent of what it checks: lib/nag (rules, pack, acknowledge) never imports constructs/ or lib/config/.',
      NAG,
      [POLICY],
    ),
    importsOnly(
      'constructs-know-no-config',
      "Constructs take props; they never import lib/config, lib/stage or lib/report, and of lib/nag only acknowledge, controls and finding-ids. They may import a command's code that their functions run (e.g. the IAM actions it needs).",
      CONSTRUCTS,
      [POLICY, NETWORK, RUNTIME, NAG_FOR_CONSTRUCTS, COMMANDS],
    ),
    {
      name: 'functions-bundle-no-cdk',
      comment:
        "Lambda handler code (constructs/<family>/functions/, and a workload's constructs/workloads/<workload>/functions/) is bundled on its own: it imports lib/runtime, lib/policy, a command's code (which stays below the app), its own folder and the stores' layouts, never the CDK or a construct.",
      severity: 'error',
      // `(.+)`, not `([^/]+)`: a workload's functions sit one folder deeper, under
      // constructs/workloads/<workload>/, and are held to the same rule.
      from: { path: '^constructs/(.+)/functions/' },
      to: {
        path: either(PROJECT, '(^|/)node_modules/(aws-cdk-lib|constructs|cdk-nag)/'),
        pathNot: either('^constructs/$1/functions/', LAYOUTS, POLICY, RUNTIME, COMMANDS),
      },
    },
    importsOnly(
      'config-imports-policy-and-network-only',
      'lib/config validates the config file against policy facts; it never imports constructs/.',
      CONFIG,
      [POLICY, NETWORK],
    ),
    importsOnly(
      'report-reads-assemblies',
      'lib/report reads the synthesized cloud assembly; it never imports constructs/, lib/config or lib/stage.',
      REPORT,
      [POLICY, NAG, RUNTIME],
    ),
    importsOnly(
      'diagram-reads-constructs',
      'lib/diagram draws a construct tree; it imports constructs and the helpers that read L1 resources.',
      DIAGRAM,
      [POLICY, NETWORK, CONSTRUCTS, '^lib/nag/template\\.ts$'],
    ),
    importsOnly(
      'stages-compose-constructs-and-config',
      'lib/stage composes constructs from config; it never imports reports, diagrams or entry points.',
      STAGE,
      [POLICY, NETWORK, RUNTIME, NAG, CONFIG, CONSTRUCTS, APP],
    ),
    importsOnly(
      'app-composes-stages',
      'lib/app.ts and lib/checks.ts build the app; reports run after synth, from bin/.',
      APP,
      [POLICY, NETWORK, RUNTIME, NAG, CONFIG, CONSTRUCTS, STAGE],
    ),
    {
      name: 'commands-stay-below-the-app',
      comment:
        "A command's code (lib/<command>/, e.g. lib/deletion) uses policy facts, the runtime and the stores' layouts; scripts/ hand it what the config says.",
      severity: 'error',
      from: { path: '^lib/([^/]+)/', pathNot: NAMED_LIB },
      to: {
        path: PROJECT,
        pathNot: either('^lib/$1/', POLICY, NETWORK, RUNTIME, LAYOUTS),
      },
    },
    {
      name: 'package-entry-point-on-top',
      comment:
        "lib/index.ts is the package's public entry point (npm run build): it re-exports the constructs, stages, checks, config and gate, and nothing of the project imports it but tests, so it cannot close a circle.",
      severity: 'error',
      from: { path: '^(bin|lib|constructs|scripts)/' },
      to: { path: '^lib/index\\.ts$' },
    },
    {
      name: 'entry-points-on-top',
      comment:
        'Nothing but tests imports bin/ or scripts/, and nothing outside test/ imports test/.',
      severity: 'error',
      from: { path: '^(lib|constructs)/' },
      to: { path: '^(bin|scripts|test)/' },
    },
    {
      name: 'tests-stay-in-test',
      comment: 'Entry points never import test code.',
      severity: 'error',
      from: { path: '^(bin|scripts)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out)/' },
    // Type-only imports count: a cycle through types is still a cycle of knowledge.
    tsPreCompilationDeps: true,
    moduleSystems: ['cjs', 'es6'],
  },
};
