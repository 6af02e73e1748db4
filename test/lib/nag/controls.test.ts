import { CfnResource, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  CONTROLS_METADATA_KEY,
  ControlDeclarationError,
  declareControl,
  declaredControls,
} from '../../../lib/nag/controls';
import { ClauseId } from '../../../lib/policy/clauses';
import { testStack } from '../../helpers';

describe('declareControl()', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  declareControl(key, { clauses: ['DPP 2.4'], summary: 'Encrypts PII at rest' });
  declareControl(key.node.defaultChild!, {
    clauses: ['DPP 1.3', 'DUP 3.4'],
    summary: 'Only granted principals use it',
  });
  const template = Template.fromStack(stack);

  test('writes the declarations into the template metadata of the resource, adding up', () => {
    template.hasResource('AWS::KMS::Key', {
      Metadata: {
        [CONTROLS_METADATA_KEY]: [
          { clauses: ['DPP 2.4'], summary: 'Encrypts PII at rest' },
          { clauses: ['DPP 1.3', 'DUP 3.4'], summary: 'Only granted principals use it' },
        ],
      },
    });
  });

  test('reads back what a template resource declares, and nothing from other metadata', () => {
    const [resource] = Object.values(template.findResources('AWS::KMS::Key'));
    expect(declaredControls(resource.Metadata).map((d) => d.clauses)).toEqual([
      ['DPP 2.4'],
      ['DPP 1.3', 'DUP 3.4'],
    ]);
    expect(declaredControls(undefined)).toEqual([]);
    expect(declaredControls({ [CONTROLS_METADATA_KEY]: 'DPP 2.4' })).toEqual([]);
    expect(declaredControls({ [CONTROLS_METADATA_KEY]: [{ clauses: 'DPP 2.4' }] })).toEqual([]);
  });

  test('fails if it names no clause', () => {
    expect(() => declareControl(key, { clauses: [], summary: 'Something' })).toThrow(
      /TestStack\/Key\/Resource: declareControl\(\) names no clause/,
    );
  });

  test('fails if it names a clause the catalogue lacks', () => {
    expect(() =>
      declareControl(key, { clauses: ['DPP 9.9' as ClauseId], summary: 'Something' }),
    ).toThrow(ControlDeclarationError);
    expect(() =>
      declareControl(key, { clauses: ['DPP 9.9' as ClauseId], summary: 'Something' }),
    ).toThrow(/names 'DPP 9\.9', not in the clause catalogue/);
  });

  test('fails if the summary is empty or a token', () => {
    expect(() => declareControl(key, { clauses: ['DPP 2.4'], summary: '  ' })).toThrow(
      /needs a summary a reviewer can read/,
    );
    const token = Lazy.string({ produce: () => 'late' });
    expect(() => declareControl(key, { clauses: ['DPP 2.4'], summary: token })).toThrow(
      /needs a summary a reviewer can read/,
    );
  });

  test('fails if the scope holds no CloudFormation resource of its own', () => {
    const group = new Construct(stack, 'Group');
    new CfnResource(group, 'Inner', { type: 'AWS::SNS::Topic' });
    expect(() => declareControl(group, { clauses: ['DPP 2.6'], summary: 'Topic' })).toThrow(
      /TestStack\/Group: declareControl\(\) needs a CloudFormation resource/,
    );
  });
});
