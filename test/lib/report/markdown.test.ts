import { acknowledgementsMarkdown } from '../../../lib/report/acknowledgement-report';
import { escapeMarkdown, markdownTable } from '../../../lib/report/markdown';

describe('Markdown of the reports', () => {
  test('keeps text that would split a cell, end a row or start formatting literal', () => {
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('line one\nline two')).toBe('line one<br>line two');
    expect(escapeMarkdown('`code` *bold* _it_ [link](x) <script> ~x~ back\\slash')).toBe(
      '\\`code\\` \\*bold\\* \\_it\\_ \\[link\\](x) \\<script\\> \\~x\\~ back\\\\slash',
    );
  });

  test('fails if a cell can add a column or a row', () => {
    const [, , row] = markdownTable(['a', 'b'], [['x | y\n| z |', 'w']]);
    expect(row.split('\n')).toHaveLength(1);
    expect(row.split(/(?<!\\)\|/)).toHaveLength(4); // | a | b | has three unescaped pipes
  });

  test('renders a reason with a pipe and a newline in one cell of the acknowledgement report', () => {
    const markdown = acknowledgementsMarkdown([
      {
        template: 'a.template.json',
        logicalId: 'Bucket',
        ruleId: 'DPP-X',
        reason: '[Engineering: test] first | second\nthird',
      },
    ]);
    expect(markdown).toContain(
      '| DPP-X | \\[Engineering: test\\] first \\| second<br>third | 1: a.template.json Bucket |',
    );
  });
});
