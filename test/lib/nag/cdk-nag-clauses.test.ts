import * as fs from 'fs';
import * as path from 'path';
import {
  baseRuleId,
  CDK_NAG_RULE_CLAUSES,
  cdkNagRuleClauses,
} from '../../../lib/nag/cdk-nag-clauses';

/** The rule names a cdk-nag pack applies, read from its source (the packs list no ids). */
function packRuleNames(file: string): Set<string> {
  const source = fs.readFileSync(
    path.join(__dirname, '../../../node_modules/cdk-nag/lib/packs', file),
    'utf8',
  );
  return new Set([
    ...[...source.matchAll(/ruleSuffixOverride: '([A-Za-z0-9]+)'/g)].map((m) => m[1]),
    ...[...source.matchAll(/rule: [a-z0-9_]+\.([A-Za-z0-9]+),/g)].map((m) => m[1]),
  ]);
}

const PACKS: Record<string, Set<string>> = {
  AwsSolutions: packRuleNames('aws-solutions.js'),
  'NIST.800.53.R5': packRuleNames('nist-800-53-r5.js'),
};

describe('the table of cdk-nag rules that check clauses', () => {
  test.each(CDK_NAG_RULE_CLAUSES.map((e) => [e.ruleId]))(
    '%s is a rule its pack applies',
    (ruleId) => {
      const [, pack, name] = /^(AwsSolutions|NIST\.800\.53\.R5)-(.+)$/.exec(ruleId)!;
      expect(PACKS[pack].has(name)).toBe(true);
    },
  );

  test('places a per-detail finding by its rule', () => {
    expect(baseRuleId('AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]')).toBe('AwsSolutions-IAM5');
    expect(cdkNagRuleClauses('AwsSolutions-IAM5[Action::s3:*]')?.clauses).toEqual(['DPP 1.3']);
    expect(cdkNagRuleClauses('AwsSolutions-IAM55')).toBeUndefined();
    expect(cdkNagRuleClauses('NIST.800.53.R5-S3BucketReplicationEnabled')).toBeUndefined();
  });
});
