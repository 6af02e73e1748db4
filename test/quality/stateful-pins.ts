import * as fs from 'fs';
import * as path from 'path';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { statefulType } from '../../lib/policy/stateful';

/**
 * The pinned logical ids of the stateful resources (lib/policy/stateful.ts) of every
 * stack: test/fixtures/stateful-logical-ids.json, and how the synthesized templates
 * are compared with it. A logical id that changes is a resource CloudFormation
 * replaces; the messages say which and what the replacement destroys.
 */

export const PINS_FILE = path.join(__dirname, '../fixtures/stateful-logical-ids.json');
export const UPDATE_COMMAND = 'UPDATE_PINS=1 npx jest test/quality/stateful-resources.test.ts';

/** One stateful resource as a template holds it. */
export interface StatefulResource {
  readonly type: string;
  /** Construct path, e.g. `Prod/Baseline/Data/PiiBucket/Resource`. */
  readonly path: string;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

/** Stack path (`Prod/Baseline`) -> logical id -> resource. */
export type StackResources = Record<string, Record<string, StatefulResource>>;

/** What the fixture holds: environment -> stack path -> logical id -> type and path. */
export type Pins = Record<string, Record<string, Record<string, { type: string; path: string }>>>;

/** The construct path of each logical id of a stack, from the assembly's metadata. */
function constructPaths(stack: CloudFormationStackArtifact): Map<string, string> {
  return new Map(
    stack
      .findMetadataByType('aws:cdk:logicalId')
      .map((entry) => [String(entry.data), entry.path.replace(/^\//, '')]),
  );
}

/** The stateful resources of every stack of an assembly, by stack path and logical id. */
export function statefulResourcesOf(assembly: CloudAssembly): StackResources {
  const result: StackResources = {};
  for (const stack of assembly.stacks) {
    const paths = constructPaths(stack);
    const resources: Record<string, StatefulResource> = {};
    const template = stack.template as {
      Resources?: Record<
        string,
        { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
      >;
    };
    for (const [logicalId, r] of Object.entries(template.Resources ?? {})) {
      if (!statefulType(r.Type)) continue;
      resources[logicalId] = {
        type: r.Type,
        path: paths.get(logicalId) ?? '(no construct path in the assembly)',
        deletionPolicy: r.DeletionPolicy,
        updateReplacePolicy: r.UpdateReplacePolicy,
      };
    }
    result[stack.hierarchicalId] = resources;
  }
  return result;
}

/** The pins of one environment's stacks, sorted so the fixture's diff stays readable. */
export function pinsOf(stacks: StackResources): Pins[string] {
  const sorted = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return sorted(
    Object.fromEntries(
      Object.entries(stacks).map(([stack, resources]) => [
        stack,
        sorted(
          Object.fromEntries(
            Object.entries(resources).map(([id, r]) => [id, { type: r.type, path: r.path }]),
          ),
        ),
      ]),
    ),
  );
}

const destroys = (type: string) => statefulType(type)?.destroys ?? 'destroys it';

/**
 * Every difference between the pinned and the synthesized stateful resources of one
 * environment, as a message an engineer can act on. Empty when they agree.
 */
export function pinDifferences(pinned: Pins[string], actual: Pins[string]): string[] {
  const problems: string[] = [];
  for (const stack of new Set([...Object.keys(pinned), ...Object.keys(actual)])) {
    const before = pinned[stack] ?? {};
    const after = actual[stack] ?? {};
    const added = Object.entries(after).filter(([id]) => !(id in before));
    for (const [id, was] of Object.entries(before)) {
      const now = after[id];
      if (!now) {
        const successor = added.find(([, r]) => r.type === was.type);
        problems.push(
          `${stack}: ${was.type} ${id} (${was.path}) is gone from the template. ` +
            `CloudFormation would delete it: replacing ${was.type} ${id} ${destroys(was.type)}; ` +
            `if it is retained, the old one is orphaned outside the stack and a new, empty one is created` +
            (successor ? ` (${successor[0]} at ${successor[1].path} looks like its new id)` : '') +
            `. Keep the construct id and path, or override the logical id back to ${id} ` +
            `(CfnResource.overrideLogicalId); if the deletion is intended, migrate the data first and update the pins: ${UPDATE_COMMAND}`,
        );
      } else if (now.type !== was.type) {
        problems.push(
          `${stack}: ${id} (${was.path}) changes type from ${was.type} to ${now.type}: CloudFormation replaces it, and replacing ${was.type} ${id} ${destroys(was.type)}.`,
        );
      } else if (now.path !== was.path) {
        problems.push(
          `${stack}: ${was.type} ${id} moved from ${was.path} to ${now.path} and kept its logical id, so nothing is replaced; record the new path: ${UPDATE_COMMAND}`,
        );
      }
    }
    for (const [id, r] of added) {
      problems.push(
        `${stack}: new ${r.type} ${id} (${r.path}) is not pinned. If it is new, pin it so that a later rename cannot replace it: ${UPDATE_COMMAND}. If it replaces a pinned resource, see the message about that one.`,
      );
    }
  }
  return problems;
}

export function readPins(): Pins {
  return fs.existsSync(PINS_FILE) ? (JSON.parse(fs.readFileSync(PINS_FILE, 'utf8')) as Pins) : {};
}

export function writePins(pins: Pins): void {
  fs.writeFileSync(PINS_FILE, `${JSON.stringify(pins, undefined, 2)}\n`);
}
