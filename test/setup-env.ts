// Unit tests assert specific properties; the built-in CloudFormation schema
// validator (seconds per synth) runs on the real app synth and in CI instead.
// Tests that need it set CDK_VALIDATION themselves.
process.env.CDK_VALIDATION ??= 'false';

// Context every App of a unit test gets, over what the test gives it (the CLI passes
// context the same way, through CDK_CONTEXT_JSON):
// - no Lambda bundling: a test asserts the template, not the bundle (bundle.test.ts
//   bundles the handlers with esbuild directly);
// - no creation stack trace on every resource: nothing asserts them, and under jest
//   each one is source-mapped, which cost more than a second in the larger files.
// The real synth keeps both (bin/app.ts, run by the CLI).
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  ...JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}'),
  'aws:cdk:bundling-stacks': [],
  'aws:cdk:disable-creation-stack-traces': true,
});
// Nor a stack trace on every annotation (warnings, acknowledgements).
process.env.CDK_DISABLE_STACK_TRACE ??= '1';
