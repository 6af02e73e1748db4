import * as fs from 'fs';
import * as path from 'path';
import { baseRuleId, CDK_NAG_RULE_CLAUSES, cdkNagRuleClauses } from '../nag/cdk-nag-clauses';
import { DPP_PACK_NAME, DppRule, ruleExplanation, ruleId } from '../nag/rule';
import { RuleResultsFile } from '../nag/rule-results';
import type { ReportRule } from './model';

/**
 * Every rule the compliance report speaks of, with the clauses it checks: the DPP
 * pack's registry (each rule names its clauses), the cdk-nag rules of the mapping
 * table (lib/nag/cdk-nag-clauses.ts), and any other rule that reported a finding
 * (no clause: its findings are unmapped unless an acknowledgement's basis places them).
 */

const RULES_DIRECTORY = path.join(__dirname, '..', 'nag', 'rules');

/** The source file of each DPP rule, relative to the project root, by rule name. */
function ruleSources(): Map<string, string> {
  const sources = new Map<string, string>();
  if (!fs.existsSync(RULES_DIRECTORY)) return sources;
  for (const family of fs.readdirSync(RULES_DIRECTORY).sort()) {
    const folder = path.join(RULES_DIRECTORY, family);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const file of fs.readdirSync(folder).sort()) {
      if (/^[A-Z].*\.ts$/.test(file)) {
        sources.set(file.replace(/\.ts$/, ''), `lib/nag/rules/${family}/${file}`);
      }
    }
  }
  return sources;
}

/** The pack a rule id belongs to, by its prefix (`AwsSolutions-IAM5` -> `AwsSolutions`). */
export function packOf(id: string): string {
  const plugin = /^(.+?)::/.exec(id);
  if (plugin) return plugin[1];
  const dash = id.lastIndexOf('-', id.indexOf('[') === -1 ? undefined : id.indexOf('['));
  return dash > 0 ? id.slice(0, dash) : id;
}

export class RuleCatalogue {
  private readonly byId = new Map<string, ReportRule>();

  constructor(dppRules: readonly DppRule[], results: RuleResultsFile | undefined) {
    const sources = ruleSources();
    for (const rule of dppRules) {
      const source = sources.get(rule.name);
      this.byId.set(ruleId(rule), {
        id: ruleId(rule),
        pack: DPP_PACK_NAME,
        clauses: [...rule.clauses],
        placedBy: 'rule',
        summary: rule.finding,
        help: ruleExplanation(rule),
        ...(source ? { source } : {}),
      });
    }
    const recorded = new Map(
      (results?.packs ?? []).flatMap((pack) => pack.rules.map((r) => [r.ruleId, r] as const)),
    );
    for (const entry of CDK_NAG_RULE_CLAUSES) {
      const result = recorded.get(entry.ruleId);
      this.byId.set(entry.ruleId, {
        id: entry.ruleId,
        pack: packOf(entry.ruleId),
        clauses: [...entry.clauses],
        placedBy: 'table',
        summary: result?.info ?? entry.why,
        help: `${result?.explanation ? `${result.explanation} ` : ''}Placed under ${entry.clauses.join(', ')}: ${entry.why}`,
      });
    }
    for (const result of recorded.values()) {
      if (!this.byId.has(result.ruleId)) {
        this.add(result.ruleId, result.info, result.explanation);
      }
    }
  }

  /**
   * The rule of a finding id, added if the catalogue does not know it yet (with the
   * clauses of the cdk-nag table, if it is there, else none).
   */
  public ruleOf(findingId: string, pack = packOf(findingId), message = ''): ReportRule {
    const id = baseRuleId(findingId);
    return this.byId.get(id) ?? this.add(id, message, '', pack);
  }

  /** The rules that check `clause`: DPP rules first, then the mapped cdk-nag rules. */
  public checking(clause: string): ReportRule[] {
    return this.all().filter((r) => r.clauses.includes(clause));
  }

  /** Every rule: DPP rules in registry order, then the others by id. */
  public all(): ReportRule[] {
    const rules = [...this.byId.values()];
    const dpp = rules.filter((r) => r.placedBy === 'rule');
    const others = rules
      .filter((r) => r.placedBy !== 'rule')
      .sort((a, b) => a.id.localeCompare(b.id));
    return [...dpp, ...others];
  }

  private add(id: string, summary: string, help: string, pack = packOf(id)): ReportRule {
    const table = cdkNagRuleClauses(id);
    const rule: ReportRule = {
      id,
      pack,
      clauses: table ? [...table.clauses] : [],
      placedBy: table ? 'table' : 'none',
      summary,
      help,
    };
    this.byId.set(id, rule);
    return rule;
  }
}
