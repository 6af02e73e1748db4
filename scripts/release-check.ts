/**
 * `npm run release-check`: the checks a release must pass besides CI (README, "Release").
 * Today: the dependency audit of the packages that ship (DPP 2.7). Exit 0 passed, 1 an
 * advisory blocks the release, 2 the audit could not be done.
 */
import * as path from 'path';
import { describeVerdict, judgeAudit, runNpmAudit } from '../lib/release/dependency-audit';

const { text, exitCode } = describeVerdict(judgeAudit(runNpmAudit(path.join(__dirname, '..'))));
console.log(text);
process.exitCode = exitCode;
