import { describe, expect, it } from 'vitest';
import { suggestionItems, wordBefore } from '../../server/features/completionItems';

const range = { start: { line: 3, character: 14 }, end: { line: 3, character: 16 } };

describe('suggestionItems', () => {
  it('replaces the typed word with itself plus the suggestion', () => {
    const [item] = suggestionItems({ insertion: 'd(1, 2);', typed: 'ad', range, languageId: 'javascript', modelName: 'm' });
    expect(item.textEdit).toEqual({ range, newText: 'add(1, 2);' });
    expect(item.label).toBe('add(1, 2);');
    expect(item.filterText).toBe('add(1, 2);');
    expect(item.insertTextMode).toBe(1);
    expect(item.insertTextFormat).toBe(1);
    expect(item.sortText).toBe('~infill0');
    expect(suggestionItems({ insertion: 'x', typed: '', range, languageId: 'js', modelName: 'm', sortFirst: true })[0].sortText).toBe('!infill0');
  });

  it('offers a block whole and its first line alone', () => {
    const items = suggestionItems({ insertion: 'if x:\n        return 1\n', typed: '', range, languageId: 'python', modelName: 'm' });
    expect(items.map((i) => i.textEdit?.newText)).toEqual(['if x:\n        return 1\n', 'if x:']);
    expect(items[0].detail).toBe('infill-ls · m (+2 lines)');
  });

  it('labels a suggestion that starts on a new line by its first real line', () => {
    const [item] = suggestionItems({ insertion: '\n    return a + b', typed: '', range, languageId: 'python', modelName: 'm' });
    expect(item.label).toBe('return a + b');
    expect(item.filterText).toBe('return a + b');
  });

  it('finds the typed word', () => {
    expect(wordBefore('const total = ad')).toBe('ad');
    expect(wordBefore('x.fooBar_1')).toBe('fooBar_1');
    expect(wordBefore('f(')).toBe('');
    expect(wordBefore('é = naïve')).toBe('naïve');
  });
});
