import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as nfw from 'aws-cdk-lib/aws-networkfirewall';
import { BaselineNetwork, SUBNET_GROUPS } from '../../constructs/network/baseline-network';
import { SubnetTier } from '../network/nacl-plan';
import { resourcesOfType } from '../nag/template';

/**
 * A picture of a `BaselineNetwork` as plain SVG 1.1, read from the construct tree (no
 * synth): the VPC, one column per zone with its four tiers, the egress path
 * private -> firewall endpoint -> NAT gateway -> internet gateway, the gateway
 * endpoints and a legend with the egress allow-list. The output depends only on the
 * construct, so the same network always gives the same bytes.
 */

/** Top to bottom: the way out of the VPC reads upwards. */
const TIERS: readonly SubnetTier[] = ['nat', 'firewall', 'private', 'isolated'];

// Layout, in pixels.
const MARGIN = 24;
const IGW_Y = 76;
const IGW_HEIGHT = 40;
const IGW_TO_VPC = 40;
const VPC_HEADER = 30;
const VPC_PADDING = 16;
const ZONE_WIDTH = 270;
const ZONE_GAP = 16;
const ZONE_HEADER = 28;
const SUBNET_INSET = 10;
const SUBNET_HEIGHT = 52;
const TIER_GAP = 28;
const CHIP_WIDTH = 116;
const CHIP_HEIGHT = 28;
const CHIP_TOP = 12;
const LINE = 14;
const GATEWAY_GAP = 56;
const GATEWAY_WIDTH = 190;
const LEGEND_GAP = 32;
const LEGEND_LINE = 18;
const LEGEND_ICON = 44;
/** Spacing of the arrows that share a target (single-zone firewall). */
const BUS_STEP = 6;
const BUS_OFFSET = 12;
/** Average character widths of the fonts below, in em, for wrapping and sizing. */
const SANS_EM = 0.55;
const MONO_EM = 0.6;

const STYLE = `
text { font-family: Helvetica, Arial, sans-serif; font-size: 12px; fill: #232f3e; }
.title { font-size: 18px; font-weight: bold; }
.bold { font-weight: bold; }
.small { font-size: 11px; }
.mono { font-family: Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 11px; }
.muted { fill: #5f6b7a; font-style: italic; }
.vpc { fill: #ffffff; stroke: #8c4fff; stroke-width: 2; }
.zone { fill: none; stroke: #147eba; stroke-dasharray: 6 4; }
.igw { fill: #f2ebff; stroke: #8c4fff; }
.nat { fill: #eef6e8; stroke: #7aa116; }
.firewall { fill: #fdecec; stroke: #dd344c; }
.private { fill: #e7f1fa; stroke: #147eba; }
.isolated { fill: #f1f3f3; stroke: #7d8998; }
.gateway { fill: #f2ebff; stroke: #8c4fff; }
.chip { fill: #ffffff; stroke: #232f3e; }
.egress { fill: none; stroke: #d45b07; stroke-width: 2; }
.gateway-route { fill: none; stroke: #8c4fff; stroke-width: 1.5; stroke-dasharray: 5 3; }
`;

/** What the picture shows, read from the construct. */
interface NetworkView {
  readonly vpcCidr: string;
  readonly zones: readonly ZoneView[];
  readonly internetGateway: boolean;
  readonly interfaceEndpoints: readonly string[];
  readonly gatewayEndpoints: readonly string[];
  /** Tiers every subnet of which has routes to the gateway endpoints. */
  readonly gatewayEndpointTiers: readonly SubnetTier[];
  readonly allowedHosts: readonly string[];
  /** Deny entries every network ACL starts with, in each direction. */
  readonly denyListLength: number;
  /** Traffic type of each VPC flow log (`ALL`, `ACCEPT`, `REJECT`). */
  readonly flowLogTraffic: readonly string[];
}

interface ZoneView {
  readonly name: string;
  readonly cidrs: Readonly<Record<SubnetTier, string>>;
  readonly natGateway: boolean;
  readonly firewallEndpoint: boolean;
  /** Whether the isolated subnet has a default route (it should not). */
  readonly dataRouteOut: boolean;
}

/** Draws `network` as an SVG document. */
export function networkDiagramSvg(network: BaselineNetwork, options: { title: string }): string {
  return render(readNetwork(network), options.title);
}

// ---------------------------------------------------------------- reading the construct

function readNetwork(network: BaselineNetwork): NetworkView {
  const { vpc } = network;
  const subnetsOf = (tier: SubnetTier) =>
    vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS[tier] }).subnets;
  const natSubnetIds = new Set(
    resourcesOfType<ec2.CfnNatGateway>(network, 'AWS::EC2::NatGateway').map((n) => n.subnetId),
  );
  const mappings = network.firewall.firewall.subnetMappings;
  if (!Array.isArray(mappings)) throw new Error('network diagram: firewall subnets are a token');
  const firewallSubnetIds = new Set(
    mappings.map((m) => (m as nfw.CfnFirewall.SubnetMappingProperty).subnetId),
  );
  const routes = resourcesOfType<ec2.CfnRoute>(network, 'AWS::EC2::Route');
  const routesOut = (subnet: ec2.ISubnet) =>
    routes.some(
      (r) =>
        r.routeTableId === subnet.routeTable.routeTableId && r.destinationCidrBlock === '0.0.0.0/0',
    );

  const zones = vpc.availabilityZones.map((name): ZoneView => {
    const subnet = (tier: SubnetTier) => {
      const found = subnetsOf(tier).find((s) => s.availabilityZone === name);
      if (!found) throw new Error(`network diagram: no ${tier} subnet in ${name}`);
      return found;
    };
    const cidrs = Object.fromEntries(
      TIERS.map((tier) => [tier, literal(subnet(tier).ipv4CidrBlock, `${tier} subnet in ${name}`)]),
    ) as Record<SubnetTier, string>;
    return {
      name,
      cidrs,
      natGateway: natSubnetIds.has(subnet('nat').subnetId),
      firewallEndpoint: firewallSubnetIds.has(subnet('firewall').subnetId),
      dataRouteOut: routesOut(subnet('isolated')),
    };
  });

  const gateways = { S3: network.s3Endpoint, DynamoDB: network.dynamoDbEndpoint };
  const gatewayRouteTables = new Set(
    Object.values(gateways).flatMap(
      (e) => (e.node.defaultChild as ec2.CfnVPCEndpoint).routeTableIds ?? [],
    ),
  );
  return {
    vpcCidr: literal((vpc.node.defaultChild as ec2.CfnVPC).cidrBlock ?? '', 'VPC CIDR'),
    zones,
    internetGateway: vpc.internetGatewayId !== undefined,
    interfaceEndpoints: Object.keys(network.interfaceEndpoints),
    gatewayEndpoints: Object.keys(gateways),
    gatewayEndpointTiers: TIERS.filter((tier) =>
      subnetsOf(tier).every((s) => gatewayRouteTables.has(s.routeTable.routeTableId)),
    ),
    allowedHosts: network.firewall.allowedHosts.map((h) => h.host),
    denyListLength: denyListLength(Object.values(network.networkAcls)),
    flowLogTraffic: resourcesOfType<ec2.CfnFlowLog>(network, 'AWS::EC2::FlowLog').map(
      (f) => f.trafficType ?? '',
    ),
  };
}

function literal(value: string, what: string): string {
  if (!value || Token.isUnresolved(value)) {
    throw new Error(`network diagram: the ${what} is not known before deployment`);
  }
  return value;
}

/** The number of deny entries that come before the first allow, the least over ACLs and directions. */
function denyListLength(acls: readonly ec2.NetworkAcl[]): number {
  const counts = acls.flatMap((acl) => {
    const entries = resourcesOfType<ec2.CfnNetworkAclEntry>(acl, 'AWS::EC2::NetworkAclEntry');
    return [false, true].map((egress) => {
      const ordered = entries
        .filter((e) => Boolean(e.egress) === egress)
        .sort((a, b) => a.ruleNumber - b.ruleNumber);
      const firstAllow = ordered.findIndex((e) => e.ruleAction === 'allow');
      return firstAllow === -1 ? ordered.length : firstAllow;
    });
  });
  return counts.length === 0 ? 0 : Math.min(...counts);
}

// ---------------------------------------------------------------- layout

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly vpc: Box;
  readonly igw: Box;
  readonly gateway: Box;
  readonly legendY: number;
  readonly tierY: Readonly<Record<SubnetTier, number>>;
  readonly tierHeight: Readonly<Record<SubnetTier, number>>;
  readonly endpointLines: readonly string[];
  readonly hostsWidth: number;
  readonly notes: readonly { icon: LegendIcon; lines: readonly string[] }[];
}

function layout(view: NetworkView): Layout {
  const zoneCount = view.zones.length;
  const vpcWidth = 2 * VPC_PADDING + zoneCount * ZONE_WIDTH + (zoneCount - 1) * ZONE_GAP;
  const vpcY = IGW_Y + IGW_HEIGHT + IGW_TO_VPC;
  const endpointLines = wrap(
    view.interfaceEndpoints,
    charsIn(ZONE_WIDTH - 4 * SUBNET_INSET, 11, SANS_EM),
  );
  const tierHeight: Record<SubnetTier, number> = {
    nat: SUBNET_HEIGHT,
    firewall: SUBNET_HEIGHT,
    private: SUBNET_HEIGHT + 8 + (1 + endpointLines.length) * LINE,
    isolated: SUBNET_HEIGHT,
  };
  const tierY = {} as Record<SubnetTier, number>;
  let y = vpcY + VPC_HEADER + ZONE_HEADER;
  for (const tier of TIERS) {
    tierY[tier] = y;
    y += tierHeight[tier] + TIER_GAP;
  }
  const zonesBottom = y - TIER_GAP + SUBNET_INSET;
  const vpc = { x: MARGIN, y: vpcY, width: vpcWidth, height: zonesBottom + VPC_PADDING - vpcY };
  const width = vpc.x + vpc.width + GATEWAY_GAP + GATEWAY_WIDTH + MARGIN;

  const gatewayTiers = view.gatewayEndpointTiers.length
    ? view.gatewayEndpointTiers
    : (['private'] as const);
  const gatewayTop = tierY[gatewayTiers[0]];
  const last = gatewayTiers[gatewayTiers.length - 1];
  const gateway = {
    x: vpc.x + vpc.width + GATEWAY_GAP,
    y: gatewayTop,
    width: GATEWAY_WIDTH,
    height: tierY[last] + tierHeight[last] - gatewayTop,
  };

  const hostsWidth = Math.max(
    240,
    ...view.allowedHosts.map((h) => textWidth(h, 11, MONO_EM) + SUBNET_INSET),
  );
  const notesWidth = width - MARGIN - (MARGIN + hostsWidth + 2 * MARGIN) - LEGEND_ICON;
  const notes = legendNotes(view).map(({ icon, text: note }) => ({
    icon,
    lines: wrap([note], charsIn(notesWidth, 12, SANS_EM)),
  }));
  const legendLines = Math.max(
    2 + view.allowedHosts.length,
    notes.reduce((n, note) => n + note.lines.length + 1, -1),
  );
  const legendY = vpc.y + vpc.height + LEGEND_GAP;
  return {
    width,
    height: legendY + legendLines * LEGEND_LINE + MARGIN,
    vpc,
    igw: { x: zoneX(0), y: IGW_Y, width: vpcWidth - 2 * VPC_PADDING, height: IGW_HEIGHT },
    gateway,
    legendY,
    tierY,
    tierHeight,
    endpointLines,
    hostsWidth,
    notes,
  };
}

function zoneX(index: number): number {
  return MARGIN + VPC_PADDING + index * (ZONE_WIDTH + ZONE_GAP);
}

/** Left edge of the chips on the egress path, in a zone's subnets. */
function chipX(index: number, chipWidth = CHIP_WIDTH): number {
  return zoneX(index) + ZONE_WIDTH - 2 * SUBNET_INSET - chipWidth;
}

/** Where the egress path runs through a zone. */
function pathX(index: number): number {
  return chipX(index) + CHIP_WIDTH / 2;
}

type LegendIcon = 'egress' | 'gateway-route' | undefined;

function legendNotes(view: NetworkView): { icon: LegendIcon; text: string }[] {
  const traffic = [...new Set(view.flowLogTraffic)];
  const flowLogs =
    traffic.length === 0
      ? 'The VPC has no flow log.'
      : traffic.length === 1 && traffic[0] === 'ALL'
        ? 'VPC flow logs record all traffic.'
        : `VPC flow logs record ${traffic.join(', ')} traffic.`;
  const gatewayTiers = view.gatewayEndpointTiers.map((t) => SUBNET_GROUPS[t]).join(' and ');
  return [
    {
      icon: 'egress',
      text: 'Egress: Private → firewall endpoint → NAT gateway → internet gateway; replies come back the same way.',
    },
    {
      icon: 'gateway-route',
      text: `Route to a gateway endpoint, in the route table of every ${gatewayTiers} subnet.`,
    },
    {
      icon: undefined,
      text: `Every subnet's network ACL denies the deny-list first (${view.denyListLength} entries, both directions).`,
    },
    { icon: undefined, text: flowLogs },
  ];
}

// ---------------------------------------------------------------- drawing

function render(view: NetworkView, title: string): string {
  const l = layout(view);
  const body = [
    el('rect', { x: 0, y: 0, width: l.width, height: l.height, fill: '#ffffff' }),
    text(MARGIN, MARGIN + 18, title, 'title'),
    text(
      MARGIN,
      MARGIN + 36,
      'Drawn from the BaselineNetwork construct: regenerate it, do not edit it.',
      'small muted',
    ),
    view.internetGateway ? internetGateway(l.igw) : '',
    el('rect', { ...l.vpc, rx: 6, class: 'vpc' }),
    text(l.vpc.x + VPC_PADDING, l.vpc.y + 20, 'VPC', 'bold'),
    text(l.vpc.x + VPC_PADDING + 32, l.vpc.y + 20, view.vpcCidr, 'mono'),
    ...view.zones.map((zone, i) => zoneColumn(zone, i, l)),
    gatewayEndpoints(view, l),
    ...egressArrows(view, l),
    legend(view, l),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}">`,
    el('title', {}, esc(title)),
    `<defs>${el('style', { type: 'text/css' }, STYLE)}${arrowMarker()}</defs>`,
    ...body.filter((part) => part !== ''),
    '</svg>',
    '',
  ].join('\n');
}

function internetGateway(box: Box): string {
  return group('internet-gateway', [
    el('rect', { ...box, rx: 4, class: 'igw' }),
    text(box.x + box.width / 2, box.y + 25, 'Internet gateway', 'bold', 'middle'),
  ]);
}

function zoneColumn(zone: ZoneView, index: number, l: Layout): string {
  const x = zoneX(index);
  const top = l.vpc.y + VPC_HEADER;
  const height = l.vpc.y + l.vpc.height - VPC_PADDING - top;
  return group(`zone-${zone.name}`, [
    el('rect', { x, y: top, width: ZONE_WIDTH, height, rx: 6, class: 'zone' }),
    text(x + SUBNET_INSET, top + 18, zone.name, 'bold'),
    ...TIERS.map((tier) => subnet(zone, index, tier, l)),
  ]);
}

function subnet(zone: ZoneView, index: number, tier: SubnetTier, l: Layout): string {
  const x = zoneX(index) + SUBNET_INSET;
  const y = l.tierY[tier];
  const parts = [
    el('rect', {
      x,
      y,
      width: ZONE_WIDTH - 2 * SUBNET_INSET,
      height: l.tierHeight[tier],
      rx: 4,
      class: tier,
    }),
    text(x + SUBNET_INSET, y + 20, SUBNET_GROUPS[tier], 'bold'),
    text(x + SUBNET_INSET, y + 36, zone.cidrs[tier], 'mono'),
  ];
  const chipY = y + CHIP_TOP;
  const pathChip = (id: string, label: string, width = CHIP_WIDTH) =>
    chip(`${id}-${zone.name}`, chipX(index, width), chipY, width, label);
  const absent = (label: string) => text(pathX(index), chipY + 18, label, 'small muted', 'middle');
  switch (tier) {
    case 'nat':
      parts.push(
        zone.natGateway ? pathChip('nat-gateway', 'NAT gateway') : absent('no NAT gateway'),
      );
      break;
    case 'firewall':
      parts.push(
        zone.firewallEndpoint
          ? pathChip('firewall-endpoint', 'firewall endpoint')
          : absent('no firewall endpoint'),
      );
      break;
    case 'private':
      parts.push(
        pathChip('workloads', 'workloads'),
        text(x + SUBNET_INSET, y + SUBNET_HEIGHT + 8 + 4, 'Interface endpoints', 'small bold'),
        ...l.endpointLines.map((line, n) =>
          text(x + SUBNET_INSET, y + SUBNET_HEIGHT + 12 + (n + 1) * LINE, line, 'small'),
        ),
      );
      break;
    case 'isolated': {
      const label = zone.dataRouteOut ? 'data (HAS A ROUTE OUT)' : 'data (no route out)';
      const width = Math.max(CHIP_WIDTH, textWidth(label, 11, SANS_EM) + 2 * SUBNET_INSET);
      parts.push(pathChip('data', label, width));
      break;
    }
  }
  return parts.join('\n');
}

function gatewayEndpoints(view: NetworkView, l: Layout): string {
  const { gateway: box } = l;
  const lastZone = view.zones.length - 1;
  const subnetRight = zoneX(lastZone) + ZONE_WIDTH - SUBNET_INSET;
  const chipWidth = box.width - 2 * SUBNET_INSET;
  const tiers = view.gatewayEndpointTiers.map((t) => SUBNET_GROUPS[t]).join(' and ');
  const notesY = box.y + 32 + view.gatewayEndpoints.length * (CHIP_HEIGHT + 8) + 14;
  return group('gateway-endpoints', [
    ...view.gatewayEndpointTiers.map((tier) => {
      const y = l.tierY[tier] + l.tierHeight[tier] / 2;
      return hline(subnetRight, box.x, y, 'gateway-route');
    }),
    el('rect', { ...box, rx: 4, class: 'gateway' }),
    text(box.x + SUBNET_INSET, box.y + 20, 'Gateway endpoints', 'bold'),
    ...view.gatewayEndpoints.map((name, n) =>
      chip(
        `gateway-endpoint-${name}`,
        box.x + SUBNET_INSET,
        box.y + 32 + n * (CHIP_HEIGHT + 8),
        chipWidth,
        name,
      ),
    ),
    ...wrap(
      [`Reached from the ${tiers} subnets of every zone, without the internet.`],
      charsIn(chipWidth, 11, SANS_EM),
    ).map((line, n) => text(box.x + SUBNET_INSET, notesY + n * LINE, line, 'small muted')),
  ]);
}

/**
 * private -> firewall endpoint -> NAT gateway -> internet gateway. A zone without its
 * own firewall endpoint (NAT gateway) uses the first zone's that has one, as the
 * construct routes it; such arrows run through the gap above the tier they leave.
 */
function egressArrows(view: NetworkView, l: Layout): string[] {
  const indices = view.zones.map((_, i) => i);
  const withFirewall = indices.filter((i) => view.zones[i].firewallEndpoint);
  const withNat = indices.filter((i) => view.zones[i].natGateway);
  const chipTop = (tier: SubnetTier) => l.tierY[tier] + CHIP_TOP;
  const arrows: string[] = [];
  if (withFirewall.length > 0) {
    arrows.push(
      ...routes(indices, withFirewall, chipTop('private'), chipTop('firewall') + CHIP_HEIGHT),
    );
  }
  if (withNat.length > 0) {
    arrows.push(
      ...routes(withFirewall, withNat, chipTop('firewall'), chipTop('nat') + CHIP_HEIGHT),
    );
  }
  if (view.internetGateway) {
    arrows.push(
      ...withNat.map((i) => arrow([pathX(i), chipTop('nat'), pathX(i), l.igw.y + l.igw.height])),
    );
  }
  return arrows;
}

/** Arrows from each source zone up to its own target zone, or else to the first target. */
function routes(sources: number[], targets: number[], fromY: number, toY: number): string[] {
  const targetOf = (i: number) => (targets.includes(i) ? i : targets[0]);
  return sources.map((i) => {
    const t = targetOf(i);
    if (t === i) return arrow([pathX(i), fromY, pathX(i), toY]);
    // Nearer zones turn lower and land closer to the target's own arrow: no two cross.
    const sharing = sources
      .filter((s) => s !== t && targetOf(s) === t)
      .sort((a, b) => Math.abs(a - t) - Math.abs(b - t));
    const k = 1 + sharing.indexOf(i);
    const busY = fromY - CHIP_TOP - BUS_OFFSET / 2 - (k - 1) * BUS_STEP;
    const endX = pathX(t) + Math.sign(i - t) * BUS_OFFSET * k;
    return arrow([pathX(i), fromY, pathX(i), busY, endX, busY, endX, toY]);
  });
}

function legend(view: NetworkView, l: Layout): string {
  const x = MARGIN;
  const y = l.legendY;
  const notesX = x + l.hostsWidth + 2 * MARGIN;
  const notes: string[] = [];
  let top = y;
  for (const { icon, lines } of l.notes) {
    const iconEnd = notesX + LEGEND_ICON - 10;
    if (icon === 'egress') notes.push(arrow([notesX, top - 4, iconEnd, top - 4]));
    if (icon === 'gateway-route') notes.push(hline(notesX, iconEnd, top - 4, icon));
    lines.forEach((line, n) => notes.push(text(notesX + LEGEND_ICON, top + n * LEGEND_LINE, line)));
    top += (lines.length + 1) * LEGEND_LINE;
  }
  return group('legend', [
    text(x, y, 'Egress allow-list', 'bold'),
    text(x, y + LEGEND_LINE, 'TLS server names; everything else is dropped', 'small muted'),
    ...view.allowedHosts.map((host, n) => text(x, y + (n + 2) * LEGEND_LINE, host, 'mono')),
    ...notes,
  ]);
}

// ---------------------------------------------------------------- SVG helpers

type Attrs = Record<string, string | number>;

/** An element; `content` is markup, already escaped. */
function el(name: string, attrs: Attrs, content?: string): string {
  const list = Object.entries(attrs)
    .map(([key, value]) => ` ${key}="${esc(String(value))}"`)
    .join('');
  return content === undefined ? `<${name}${list}/>` : `<${name}${list}>${content}</${name}>`;
}

function text(
  x: number,
  y: number,
  content: string,
  cls = '',
  anchor: 'start' | 'middle' = 'start',
): string {
  const attrs: Attrs = { x, y };
  if (cls) attrs.class = cls;
  if (anchor !== 'start') attrs['text-anchor'] = anchor;
  return el('text', attrs, esc(content));
}

function chip(id: string, x: number, y: number, width: number, label: string): string {
  return group(id, [
    el('rect', { x, y, width, height: CHIP_HEIGHT, rx: 4, class: 'chip' }),
    text(x + width / 2, y + 18, label, 'small', 'middle'),
  ]);
}

function hline(x1: number, x2: number, y: number, cls: string): string {
  return el('line', { x1, y1: y, x2, y2: y, class: cls });
}

function arrow(points: number[]): string {
  const pairs = [];
  for (let i = 0; i < points.length; i += 2) pairs.push(`${points[i]},${points[i + 1]}`);
  return el('polyline', { points: pairs.join(' '), class: 'egress', 'marker-end': 'url(#arrow)' });
}

function arrowMarker(): string {
  return el(
    'marker',
    {
      id: 'arrow',
      markerWidth: 10,
      markerHeight: 10,
      refX: 9,
      refY: 5,
      orient: 'auto',
      markerUnits: 'userSpaceOnUse',
    },
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#d45b07' }),
  );
}

/** A group with an id the tests (and a reader of the source) can find. */
function group(id: string, children: string[]): string {
  return el('g', { id: id.replace(/[^A-Za-z0-9-]/g, '-') }, `\n${children.join('\n')}\n`);
}

function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function textWidth(value: string, fontSize: number, em: number): number {
  return Math.ceil(value.length * fontSize * em);
}

function charsIn(width: number, fontSize: number, em: number): number {
  return Math.floor(width / (fontSize * em));
}

/** Joins `items` with ", " and breaks into lines of at most `maxChars` (words stay whole). */
function wrap(items: readonly string[], maxChars: number): string[] {
  const words = items.join(', ').split(' ');
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= maxChars) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(word);
    }
  }
  return lines;
}
