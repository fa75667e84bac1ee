import { checkTemplates } from '../../lib/private/checks/check-templates';
import { RULES } from '../../lib/private/checks/check-templates';
import { RULE_CASES } from './rule-cases';

describe('each rule', () => {
  test.each(RULE_CASES.map((c) => [`${c.rule.id} ${c.label}`, c] as const))('%s: fires on the bad template, alone', (_name, c) => {
    const findings = checkTemplates(c.bad);
    expect(findings.map((finding) => finding.ruleId)).toEqual([c.rule.id]);
    expect(findings[0].detail).toMatch(c.detail);
  });

  test.each(RULE_CASES.map((c) => [`${c.rule.id} ${c.label}`, c] as const))('%s: no rule fires on the corrected template', (_name, c) => {
    expect(checkTemplates(c.good)).toEqual([]);
  });

  test('every rule has at least one case, an explanation, a fix and an AWS documentation URL', () => {
    expect([...new Set(RULE_CASES.map((c) => c.rule.id))]).toEqual(RULES.map((rule) => rule.id));
    for (const rule of RULES) {
      expect(rule.explanation.length).toBeGreaterThan(60);
      expect(rule.fix.length).toBeGreaterThan(30);
      expect(rule.docUrl).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  test('the Pod Identity trust fix recommends the request tags EKS sets, never aws:SourceAccount', () => {
    const rule = RULES.find((r) => r.id === 'EKSSEC2')!;
    const recommended = [...rule.fix.split('Not ')[0].matchAll(/`(aws:[^`]+)`/g)].map((m) => m[1]);
    expect(recommended).toEqual([
      'aws:RequestTag/kubernetes-namespace',
      'aws:RequestTag/kubernetes-service-account',
      'aws:RequestTag/eks-cluster-arn',
    ]);
  });
});
