import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { validateConfig } from '../../../lib/config/validate';
import {
  AWS_TAG_LIMITS,
  BASELINE_TAG_ALLOWANCE,
  ENVIRONMENT_TAG,
  MAX_CONFIG_TAGS,
  RESERVED_TAG_KEYS,
  RESERVED_TAG_PREFIXES,
} from '../../../lib/policy/tags';
import { BaselineStage } from '../../../lib/stage/baseline-stage';
import { projectContext } from '../../helpers';

type Tags = { Key: string; Value: unknown }[] | Record<string, unknown> | undefined;

/** Every resource's tag keys and values, in list or map form. */
function tagsOf(template: Template): { resource: string; tags: Record<string, unknown> }[] {
  return Object.entries(
    template.toJSON().Resources as Record<string, { Properties?: { Tags?: Tags } }>,
  )
    .map(([resource, { Properties }]) => {
      const tags = Properties?.Tags;
      if (!tags) return { resource, tags: {} };
      return {
        resource,
        tags: Array.isArray(tags) ? Object.fromEntries(tags.map((t) => [t.Key, t.Value])) : tags,
      };
    })
    .filter(({ tags }) => Object.keys(tags).length > 0);
}

const isReserved = (key: string) =>
  RESERVED_TAG_KEYS.some((k) => k.key === key) ||
  RESERVED_TAG_PREFIXES.some((p) => key.startsWith(p.prefix));

describe('config tags in the templates', () => {
  const raw = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../../config/baseline.json'), 'utf8'),
  );
  // As many tags as config allows, to show every resource still has room for them.
  const configTags = Object.fromEntries(
    Array.from({ length: MAX_CONFIG_TAGS }, (_, i) => [`Team${i}`, 'platform']),
  );
  raw.environments.test.tags = configTags;
  const { config } = validateConfig(raw);
  const app = new App({ context: { ...projectContext(), 'aws:cdk:bundling-stacks': [] } });
  const stage = new BaselineStage(app, 'Test', {
    projectName: config.projectName,
    environment: config.environments.test,
  });
  const resources = tagsOf(Template.fromStack(stage.baseline));

  test('tags every resource that takes tags with the config tags', () => {
    expect(resources.length).toBeGreaterThan(50);
    for (const { tags } of resources) expect(tags).toMatchObject(configTags);
  });

  test('keeps every resource within the AWS limit with the most tags config allows', () => {
    const over = resources.filter(
      ({ tags }) =>
        Object.keys(tags).filter((k) => !k.startsWith('aws:')).length > AWS_TAG_LIMITS.perResource,
    );
    expect(over).toEqual([]);
  });

  test('sets only reserved tags of its own, within the allowance kept for them', () => {
    for (const { resource, tags } of resources) {
      const own = Object.keys(tags).filter((key) => !(key in configTags));
      expect({ resource, unreserved: own.filter((key) => !isReserved(key)) }).toEqual({
        resource,
        unreserved: [],
      });
      expect(own.length).toBeLessThanOrEqual(BASELINE_TAG_ALLOWANCE);
    }
  });

  test('labels every resource with its own environment', () => {
    for (const { tags } of resources) expect(tags[ENVIRONMENT_TAG]).toBe('test');
  });
});
