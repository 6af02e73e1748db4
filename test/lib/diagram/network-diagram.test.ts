import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { DataClassKeys } from '../../../constructs/keys';
import {
  BaselineNetwork,
  BaselineNetworkProps,
  RESERVED_DENIED_CIDRS,
  SP_API_HOSTS,
  SP_API_SANDBOX_HOSTS,
} from '../../../constructs/network';
import { networkDiagramSvg } from '../../../lib/diagram/network-diagram';
import {
  DIAGRAM_FILE,
  REGENERATE_COMMAND,
  shippedNetworkDiagram,
} from '../../../scripts/network-diagram';
import { TEST_ENV } from '../../helpers';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const MARKUP_HOST = 'x"<g>&y.example.com';

/** A network in its own three-zone stack (the helpers' test stack has two zones). */
function network(id: string, props: Partial<BaselineNetworkProps> = {}): BaselineNetwork {
  const stack = new Stack(new App(), id, { env: TEST_ENV });
  Object.defineProperty(stack, 'availabilityZones', { get: () => [...ZONES] });
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'test',
  });
  return new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: ZONES,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-test',
    deniedCidrs: [{ cidr: '198.19.0.0/16', reason: 'hostile per threat feed' }],
    ...props,
  });
}

function count(svg: string, fragment: string): number {
  return svg.split(fragment).length - 1;
}

describe('networkDiagramSvg', () => {
  const perAzNetwork = network('PerAz', { firewallEndpoints: 'perAz' });
  const perAz = networkDiagramSvg(perAzNetwork, { title: 'per-AZ' });
  const single = networkDiagramSvg(
    network('Single', {
      firewallEndpoints: 'single',
      allowSandboxHosts: true,
      additionalAllowedHosts: [
        { host: '.example.com', reason: 'a domain and its subdomains' },
        { host: MARKUP_HOST, reason: 'markup in a host name' },
      ],
    }),
    { title: 'single' },
  );

  test('is an SVG 1.1 document', () => {
    expect(perAz.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(perAz).toContain('xmlns="http://www.w3.org/2000/svg" version="1.1"');
    expect(perAz.trimEnd().endsWith('</svg>')).toBe(true);
    expect(perAz).not.toMatch(/<script|<image|@import|url\((?!#arrow\))/);
  });

  test('draws one column per availability zone', () => {
    expect(count(perAz, '<g id="zone-')).toBe(ZONES.length);
    for (const zone of ZONES) expect(perAz).toContain(`<g id="zone-${zone}">`);
  });

  test('labels the VPC and every subnet with its CIDR', () => {
    const { vpc } = perAzNetwork;
    expect(perAz).toContain('>10.20.0.0/16</text>');
    const subnets = [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets];
    expect(subnets).toHaveLength(4 * ZONES.length);
    for (const subnet of subnets) expect(perAz).toContain(`>${subnet.ipv4CidrBlock}</text>`);
    for (const tier of ['Nat', 'Firewall', 'Private', 'Isolated']) {
      expect(count(perAz, `class="bold">${tier}</text>`)).toBe(ZONES.length);
    }
  });

  test('draws a firewall endpoint and a NAT gateway in every zone for a per-AZ firewall', () => {
    for (const zone of ZONES) {
      expect(perAz).toContain(`<g id="nat-gateway-${zone}">`);
      expect(perAz).toContain(`<g id="firewall-endpoint-${zone}">`);
    }
    // private -> firewall endpoint, firewall endpoint -> NAT, NAT -> internet gateway, per zone
    expect(count(perAz, 'class="egress"')).toBe(3 * ZONES.length + 1);
  });

  test('draws one firewall endpoint and NAT gateway for a single-zone firewall', () => {
    expect(count(single, '<g id="nat-gateway-')).toBe(1);
    expect(count(single, '<g id="firewall-endpoint-')).toBe(1);
    expect(single).toContain(`<g id="nat-gateway-${ZONES[0]}">`);
    expect(single).toContain(`<g id="firewall-endpoint-${ZONES[0]}">`);
    expect(count(single, '>no NAT gateway</text>')).toBe(ZONES.length - 1);
    expect(count(single, '>no firewall endpoint</text>')).toBe(ZONES.length - 1);
    // every zone's private subnet into the one endpoint, then one path out (+1: the legend)
    expect(count(single, 'class="egress"')).toBe(ZONES.length + 2 + 1);
  });

  test('lists the egress allow-list from the firewall', () => {
    for (const { host } of SP_API_HOSTS) expect(perAz).toContain(`>${host}</text>`);
    for (const { host } of SP_API_SANDBOX_HOSTS) {
      expect(perAz).not.toContain(host);
      expect(single).toContain(`>${host}</text>`);
    }
    expect(single).toContain('>.example.com</text>');
  });

  test('shows the gateway endpoints, the deny-list size and the flow logs', () => {
    expect(perAz).toContain('<g id="gateway-endpoint-S3">');
    expect(perAz).toContain('<g id="gateway-endpoint-DynamoDB">');
    expect(count(perAz, 'class="gateway-route"')).toBe(2 + 1);
    expect(perAz).toContain(
      `denies the deny-list first (${RESERVED_DENIED_CIDRS.length + 1} entries, both directions)`,
    );
    expect(perAz).toContain('VPC flow logs record all traffic.');
    expect(count(perAz, '>data (no route out)</text>')).toBe(ZONES.length);
  });

  test('escapes text: neither the title nor a host name can inject markup', () => {
    const svg = networkDiagramSvg(perAzNetwork, { title: 'R&D <script>alert(1)</script>' });
    expect(svg).toContain('<title>R&amp;D &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(svg).not.toContain('<script');
    expect(single).toContain('>x&quot;&lt;g&gt;&amp;y.example.com</text>');
    expect(single).not.toContain(MARKUP_HOST);
  });

  test('is deterministic: the same network gives byte-identical output', () => {
    expect(networkDiagramSvg(perAzNetwork, { title: 'per-AZ' })).toBe(perAz);
    // A second build of the same network has other token numbers, not another picture.
    expect(networkDiagramSvg(network('PerAzAgain'), { title: 'per-AZ' })).toBe(perAz);
  });

  test('docs/network.svg is the shipped config prod network as the script draws it', () => {
    const committed = fs.existsSync(DIAGRAM_FILE) ? fs.readFileSync(DIAGRAM_FILE, 'utf8') : '';
    if (committed !== shippedNetworkDiagram()) {
      throw new Error(`docs/network.svg is out of date: run \`${REGENERATE_COMMAND}\``);
    }
  });
});
