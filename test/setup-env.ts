// Unit tests assert specific properties; the built-in CloudFormation schema
// validator (seconds per synth) runs on the real app synth and in CI instead.
// Tests that need it set CDK_VALIDATION themselves.
process.env.CDK_VALIDATION ??= 'false';
