import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CLAUSE_KIND_LABELS, ClauseKind } from '../policy/clauses';
import { shortName } from './compliance';
import type {
  CatalogueClause,
  ClauseResult,
  ComplianceReport,
  EnvironmentReport,
  ReportAcknowledgement,
  ReportFinding,
  ReportRecordOfProcessing,
  ReportResource,
  SourceLocation,
} from './model';
import {
  clauseAnchor,
  detailAnchor,
  EnvironmentIndex,
  projectLink,
  resultOf,
} from './report-files';
import { STATUSES } from './statuses';

/**
 * The compliance report as one self-contained HTML page for reviewers: the clause
 * matrix with an environment per column, filters by status, policy and text, a
 * drill-down per clause and environment (resources, rules, findings, acknowledgements
 * with their reasons, monitors, runbooks), the unmapped findings, every
 * acknowledgement, and the record of processing. Styles and script are inline and
 * the page's Content-Security-Policy lets it load nothing else: it opens offline and
 * no request leaves it.
 */

const ASSETS = path.join(__dirname, 'html');
const STYLE = fs.readFileSync(path.join(ASSETS, 'report.css'), 'utf8');
const SCRIPT = fs.readFileSync(path.join(ASSETS, 'report-client.js'), 'utf8');

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const h = escapeHtml;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** A badge in a status's colours, labelled with the status or `label`. */
function badge(status: string, label = status): string {
  return `<span class="badge s-${h(status)}">${h(label)}</span>`;
}

function location(at: SourceLocation | undefined): string {
  return at ? `<span class="loc path">${h(at.file)}:${at.line}</span>` : '';
}

function resourceName(resourcePath: string): string {
  return `<code title="${h(resourcePath)}">${h(shortName(resourcePath))}</code>`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((x) => `<th>${h(x)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="items"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function basisText(ack: ReportAcknowledgement | undefined): string {
  if (!ack?.basis) return '<span class="muted">none</span>';
  return 'clause' in ack.basis ? h(ack.basis.clause) : `Engineering: ${h(ack.basis.engineering)}`;
}

/** The reason without its `[basis]` prefix, which the basis column shows. */
function reasonText(ack: ReportAcknowledgement | undefined): string {
  return ack ? h(ack.reason.replace(/^\[[^\]]+\]\s*/, '')) : '';
}

class Page {
  constructor(private readonly report: ComplianceReport) {}

  public render(): string {
    const { report } = this;
    const style = STYLE;
    const script = SCRIPT;
    const csp = [
      "default-src 'none'",
      `style-src ${sha256(style)}`,
      `script-src ${sha256(script)}`,
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    return [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${h(csp)}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<link rel="icon" href="data:,">',
      `<title>Compliance report: ${h(report.environments.map((e) => e.id).join(', '))}</title>`,
      `<style>${style}</style>`,
      '</head>',
      '<body>',
      this.header(),
      this.filters(),
      '<main>',
      this.matrix(),
      this.unmapped(),
      this.acknowledgements(),
      this.processing(),
      this.rules(),
      this.notes(),
      '</main>',
      `<footer>Compliance report model ${h(report.schemaVersion)} (compliance-report.json; schema docs/compliance-report.schema.json). Built from the cloud assembly: templates, validation-report.json, rule-results.json, and the runbooks of docs/runbooks.</footer>`,
      `<script>${script}</script>`,
      '</body>',
      '</html>',
      '',
    ].join('\n');
  }

  private header(): string {
    const { report } = this;
    const { gate } = report;
    const envs = report.environments;
    const counts = STATUSES.map(
      (s) =>
        `<tr><th>${badge(s)}</th>${envs
          .map(
            (e) =>
              `<td><button type="button" data-only-status="${s}" title="Show only ${s} clauses">${e.counts[s]}</button></td>`,
          )
          .join('')}</tr>`,
    ).join('\n');
    const stacks = envs.flatMap((e) =>
      e.stacks.map((s) => [h(e.id), `<code>${h(s.stackName)}</code>`, h(s.account), h(s.region)]),
    );
    return [
      '<header>',
      '<h1>Compliance report</h1>',
      `<p class="lead">Every clause of the SP-API Data Protection Policy (DPP), Acceptable Use Policy (AUP) and the company's Data Use Policy (DUP): ${report.clauses.length} clauses, per environment, from one synth.</p>`,
      `<p class="gate ${gate.passed ? 'passed' : 'failed'}">Gate ${gate.passed ? 'PASSED' : 'FAILED'}: ${gate.errors} open errors, ${gate.warnings} warnings, ${gate.acknowledgementsRecorded} acknowledgements recorded (${gate.unjustified.length} without a reason and basis)${gate.missingPacks.length > 0 ? `; checks that did not run: ${h(gate.missingPacks.join(', '))}` : ''}</p>`,
      '<div class="overview">',
      `<table class="counts" aria-label="Clauses per status"><thead><tr><th>status</th>${envs.map((e) => `<th>${h(e.id)}</th>`).join('')}</tr></thead><tbody>\n${counts}\n</tbody></table>`,
      table(['environment', 'stack', 'account', 'region'], stacks),
      this.legend(),
      '</div>',
      '</header>',
    ].join('\n');
  }

  private legend(): string {
    const items = this.report.statuses
      .map((s) => `<dt>${badge(s.status)}</dt><dd>${h(s.meaning)}</dd>`)
      .join('\n');
    return `<details class="legend"><summary>What the statuses mean</summary><dl>\n${items}\n</dl></details>`;
  }

  private filters(): string {
    const statuses = STATUSES.map(
      (s) =>
        `<label><input type="checkbox" name="status" value="${s}" checked> ${badge(s)}</label>`,
    ).join('\n');
    const policies = ['DPP', 'AUP', 'DUP']
      .map((p) => `<label><input type="checkbox" name="policy" value="${p}" checked> ${p}</label>`)
      .join('\n');
    return [
      '<nav class="filters" aria-label="Filters">',
      `<fieldset><legend>Status</legend>\n${statuses}\n</fieldset>`,
      `<fieldset><legend>Policy</legend>\n${policies}\n</fieldset>`,
      '<label>Search <input type="search" id="search" placeholder="clause, title, resource"></label>',
      '<button type="button" id="show-all">Show all</button>',
      '<button type="button" id="expand-all">Open all</button>',
      '<button type="button" id="collapse-all">Close all</button>',
      '<span id="shown" aria-live="polite"></span>',
      '</nav>',
    ].join('\n');
  }

  private matrix(): string {
    const envs = this.report.environments;
    const rows = this.report.clauses.map((clause) => this.clauseRows(clause)).join('\n');
    return [
      '<section id="clauses">',
      '<h2>Clauses</h2>',
      '<p class="muted">Click a status to open what it rests on in that environment: the resources, the rules that passed, the findings and how to fix them, the acknowledgements and their reasons, the monitors and the runbooks.</p>',
      '<table class="matrix">',
      `<thead><tr><th>Clause</th><th class="kind">Kind</th>${envs.map((e) => `<th class="env">${h(e.id)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      rows,
      '</tbody>',
      '</table>',
      '</section>',
    ].join('\n');
  }

  private clauseRows(clause: CatalogueClause): string {
    const envs = this.report.environments;
    const results = envs.map((e) => resultOf(e, clause.id));
    const statuses = [...new Set(results.map((r) => r.status))];
    const resources = results.flatMap((r) => [...r.implementedBy, ...r.monitors]);
    const search = [clause.id, clause.title, clause.kind, ...statuses, ...resources.map(shortName)]
      .join(' ')
      .toLowerCase();
    const cells = envs
      .map(
        (e, i) =>
          `<td><button type="button" class="status s-${results[i].status}" aria-expanded="false" aria-controls="${h(detailAnchor(clause.id, e.id))}" title="${h(results[i].summary)}">${h(results[i].status)}</button></td>`,
      )
      .join('');
    const row = `<tr class="clause" id="${h(clauseAnchor(clause.id))}" data-policy="${h(clause.policy)}" data-statuses="${h(statuses.join(' '))}" data-search="${h(search)}"><th scope="row"><span class="cid">${h(clause.id)}</span> ${h(clause.title)}</th><td class="kind">${h(CLAUSE_KIND_LABELS[clause.kind as ClauseKind])}</td>${cells}</tr>`;
    const details = envs.map(
      (e, i) =>
        `<tr class="detail" id="${h(detailAnchor(clause.id, e.id))}" hidden><td colspan="${envs.length + 2}">${this.detail(clause, e, results[i])}</td></tr>`,
    );
    return [row, ...details].join('\n');
  }

  private detail(clause: CatalogueClause, env: EnvironmentReport, result: ClauseResult): string {
    const index = new EnvironmentIndex(env);
    const parts = [
      `<div class="detail-body">`,
      `<p>${badge(result.status)} <strong>${h(clause.id)} ${h(clause.title)} in ${h(env.id)}</strong>: ${h(result.summary)}</p>`,
      `<p class="requirement">${h(clause.requirement)}</p>`,
      `<p class="muted">${h(CLAUSE_KIND_LABELS[clause.kind as ClauseKind])}: ${h(clause.rationale)}</p>`,
      this.resourcesPart('Implemented by', result.implementedBy, index, clause.id),
      this.resourcesPart('Monitored by', result.monitors, index, clause.id),
      this.checksPart(result),
      this.findingsPart(result.findings, index),
      this.acknowledgedPart(result.acknowledgedFindings, index),
      this.restingPart(result.restingOnIt, index),
      result.status !== 'not-applicable' &&
      result.findings.length + result.acknowledgedFindings.length + result.restingOnIt.length === 0
        ? '<p class="muted">No finding, open or acknowledged, and no acknowledgement rests on this clause here.</p>'
        : '',
      this.runbooksPart(result.runbooks),
      clause.organizationalNote
        ? `<h4>Left to people</h4><p>${h(clause.organizationalNote)}</p>`
        : '',
      clause.code.length > 0
        ? `<h4>Code</h4><p>${clause.code.map((c) => `<code>${h(c)}</code>`).join(', ')}</p>`
        : '',
      '</div>',
    ];
    return parts.filter((p) => p !== '').join('\n');
  }

  private resourcesPart(
    title: string,
    paths: readonly string[],
    index: EnvironmentIndex,
    clause: string,
  ): string {
    if (paths.length === 0) return '';
    const rows = paths.map((p) => {
      const resource = index.resources.get(p) as ReportResource;
      const summaries = resource.controls
        .filter((c) => c.clauses.includes(clause))
        .map((c) => h(c.summary))
        .join('<br>');
      return [
        resourceName(p),
        `<code class="type">${h(resource.type)}</code>`,
        summaries,
        location(resource.location),
      ];
    });
    return `<h4>${h(title)} (${paths.length})</h4>\n${table(['resource', 'type', 'what it does', 'source'], rows)}`;
  }

  private checksPart(result: ClauseResult): string {
    const passed = result.checks.map(
      (c) =>
        `<li><code>${h(c.rule)}</code> passed on ${c.resources.length} resource${c.resources.length === 1 ? '' : 's'} <details><summary>which</summary><ul>${c.resources.map((r) => `<li>${resourceName(r)}</li>`).join('')}</ul></details></li>`,
    );
    const never =
      result.rulesNeverApplied.length > 0
        ? `<p class="muted">Applied to no resource here: ${result.rulesNeverApplied.map((r) => `<code>${h(r)}</code>`).join(', ')}</p>`
        : '';
    if (passed.length === 0 && never === '') return '';
    return `<h4>Checked by</h4>${passed.length > 0 ? `<ul>${passed.join('')}</ul>` : ''}${never}`;
  }

  private findingsPart(ids: readonly string[], index: EnvironmentIndex): string {
    if (ids.length === 0) return '';
    const rows = ids.map((id) => {
      const f = index.findings.get(id) as ReportFinding;
      return [
        resourceName(f.resource),
        `<code>${h(f.findingId)}</code><br>${h(f.severity)}`,
        h(f.message),
        h(f.fix),
        location(f.location),
      ];
    });
    return `<h4>Open findings (${ids.length})</h4>\n${table(['resource', 'finding', 'what is wrong', 'how to fix', 'source'], rows)}`;
  }

  private acknowledgedPart(ids: readonly string[], index: EnvironmentIndex): string {
    if (ids.length === 0) return '';
    const rows = ids.map((id) => {
      const f = index.findings.get(id) as ReportFinding;
      const ack = f.acknowledgement ? index.acknowledgements.get(f.acknowledgement) : undefined;
      return [
        resourceName(f.resource),
        `<code>${h(f.findingId)}</code>`,
        basisText(ack),
        reasonText(ack),
        ack ? `${resourceName(ack.scope)} ${location(ack.location)}` : '',
      ];
    });
    return `<h4>Acknowledged findings (${ids.length})</h4>\n${table(['resource', 'finding', 'basis', 'reason', 'acknowledged on'], rows)}`;
  }

  private restingPart(ids: readonly string[], index: EnvironmentIndex): string {
    if (ids.length === 0) return '';
    const rows = ids.map((id) => {
      const ack = index.acknowledgements.get(id) as ReportAcknowledgement;
      return [
        `<code>${h(ack.ruleId)}</code>`,
        `${resourceName(ack.scope)} ${location(ack.location)}`,
        reasonText(ack),
        String(ack.findings.length),
      ];
    });
    return `<h4>Other packs' findings accepted on this clause (${ids.length})</h4>\n${table(['finding', 'acknowledged on', 'reason', 'findings hidden'], rows)}`;
  }

  private runbooksPart(files: readonly string[]): string {
    if (files.length === 0) return '';
    const items = files.map((file) => {
      const runbook = this.report.runbooks.find((r) => r.file === file);
      return `<li><a href="${h(projectLink(file))}">${h(runbook?.title ?? file)}</a> <span class="path muted">${h(file)}</span></li>`;
    });
    return `<h4>Runbooks</h4><ul>${items.join('')}</ul>`;
  }

  private perEnvironment(render: (env: EnvironmentReport) => string): string {
    return `<div class="env-columns">${this.report.environments
      .map((e) => `<div><h3>${h(e.id)}</h3>${render(e)}</div>`)
      .join('\n')}</div>`;
  }

  private unmapped(): string {
    return [
      '<section id="unmapped">',
      '<h2>Unmapped findings</h2>',
      '<p class="muted">Findings of any pack that no clause takes: the rule checks no clause (the DPP rules\' own clauses and the table of cdk-nag rules in lib/nag/cdk-nag-clauses.ts), and no acknowledgement places it under one by its basis.</p>',
      this.perEnvironment((env) => {
        const index = new EnvironmentIndex(env);
        if (env.unmapped.length === 0) return '<p class="muted">None.</p>';
        const rows = env.unmapped.map((id) => {
          const f = index.findings.get(id) as ReportFinding;
          const ack = f.acknowledgement ? index.acknowledgements.get(f.acknowledgement) : undefined;
          return [
            `<code>${h(f.findingId)}</code>`,
            f.state === 'open' ? badge('violated', 'open') : badge('acknowledged'),
            resourceName(f.resource),
            h(f.message),
            ack ? `${basisText(ack)}: ${reasonText(ack)}` : h(f.fix),
          ];
        });
        return table(['finding', 'state', 'resource', 'what is wrong', 'reason or fix'], rows);
      }),
      '</section>',
    ].join('\n');
  }

  private acknowledgements(): string {
    return [
      '<section id="acknowledgements">',
      '<h2>Acknowledgements</h2>',
      '<p class="muted">Every decision to accept a finding, made with acknowledge() on a construct and everything below it, with its basis, its reason, where in the code it was made, and the findings it hid.</p>',
      this.perEnvironment((env) => {
        if (env.acknowledgements.length === 0) return '<p class="muted">None.</p>';
        const rows = env.acknowledgements.map((a) => [
          `<code>${h(a.ruleId)}</code>`,
          `${resourceName(a.scope)} ${location(a.location)}`,
          a.justified ? basisText(a) : `<span class="badge s-violated">no basis</span>`,
          reasonText(a),
          String(a.findings.length),
        ]);
        return table(['finding', 'on', 'basis', 'reason', 'hid'], rows);
      }),
      '</section>',
    ].join('\n');
  }

  private processing(): string {
    return [
      '<section id="record-of-processing">',
      '<h2>Record of processing (DPP 2.2)</h2>',
      '<p class="muted">Each store tagged DataClassification=pii, what it declares it holds, and everyone the templates\' policies let read, write, delete or list it.</p>',
      this.perEnvironment((env) => this.record(env.recordOfProcessing)),
      '</section>',
    ].join('\n');
  }

  private record(record: ReportRecordOfProcessing): string {
    const notes =
      record.notInTemplates.length > 0
        ? `<p>Not in the templates, to review where it is defined:</p><ul>${record.notInTemplates.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`
        : '';
    const stores = record.stores.map((s) => {
      const fields = table(
        ['field', 'what it holds', 'collected from', 'purposes'],
        s.fields.map((f) => [
          `<code>${h(f.name)}</code>`,
          h(f.description),
          h(f.collectedFrom),
          h(f.purposes.join(', ')),
        ]),
      );
      const access = table(
        ['principal', 'can', 'fields read', 'granted by'],
        s.access.map((a) => [
          resourceName(a.principal),
          h(a.can.join(', ')),
          h(a.readsFields.join(', ') || '-'),
          h(a.through.join('; ')),
        ]),
      );
      return [
        `<h4>${resourceName(s.store)} ${s.declared ? '' : badge('gap', 'undeclared')}</h4>`,
        `<p>${h(s.storeType)}: ${h(s.dataset)}</p>`,
        s.fields.length > 0 ? fields : '',
        `<p><strong>Retention</strong>: ${h(s.retention)}<br><strong>Disposal</strong>: ${h(s.disposal)}<br><strong>Shared with</strong>: ${h(s.sharedWith.join('; ') || 'no one outside the company')}</p>`,
        s.access.length > 0
          ? `<details><summary>Access (${s.access.length} principals)</summary>${access}</details>`
          : '<p class="muted">Nobody is granted access in the templates.</p>',
      ].join('\n');
    });
    return `${notes}${stores.join('\n') || '<p class="muted">No PII store.</p>'}`;
  }

  private rules(): string {
    const rows = this.report.rules
      .filter((r) => r.clauses.length > 0)
      .map((r) => [
        `<code>${h(r.id)}</code>`,
        h(r.pack),
        h(r.clauses.join(', ')),
        r.placedBy === 'rule' ? 'its own' : 'the cdk-nag table',
        h(r.summary),
      ]);
    return [
      '<section id="rules">',
      '<h2>Rules that check clauses</h2>',
      `<details><summary>${rows.length} rules</summary>`,
      table(['rule', 'pack', 'clauses', 'clauses from', 'finds'], rows),
      '</details>',
      '</section>',
    ].join('\n');
  }

  private notes(): string {
    const { report } = this;
    const runbooks = report.runbooks.map(
      (r) =>
        `<li><a href="${h(projectLink(r.file))}">${h(r.title)}</a>: ${h(r.clauses.join(', ') || 'no clause')}</li>`,
    );
    const notes = report.notes.map((n) => `<li>${h(n)}</li>`);
    const unjustified = report.gate.unjustified.map((u) => `<li>${h(u)}</li>`);
    return [
      '<section id="notes">',
      '<h2>Runbooks and notes</h2>',
      `<ul>${runbooks.join('')}</ul>`,
      unjustified.length > 0
        ? `<h3>Acknowledgements without a reason and basis</h3><ul>${unjustified.join('')}</ul>`
        : '',
      notes.length > 0 ? `<h3>Notes</h3><ul>${notes.join('')}</ul>` : '',
      '</section>',
    ].join('\n');
  }
}

/** The compliance report as one self-contained HTML page. */
export function complianceHtml(report: ComplianceReport): string {
  return new Page(report).render();
}
