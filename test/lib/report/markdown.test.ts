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
});
