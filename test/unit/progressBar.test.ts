import { describe, expect, it } from 'vitest';
import { progressBar, type ProgressOut } from '../../server/reporting/progressBar';

/** What a progress bar writes, as one string, on a terminal of `columns` or (without) to a pipe or file. */
function recorder(terminal: { columns?: number } | undefined): ProgressOut & { written: string[] } {
  const written: string[] = [];
  return { isTTY: terminal !== undefined, columns: terminal?.columns, written, write: (text) => void written.push(text) };
}

describe('progressBar on a terminal', () => {
  it('redraws one line per step: bar, count and detail, erasing what a longer line left; done ends the line', () => {
    const out = recorder({ columns: 80 });
    const bar = progressBar(out, 4, 'complete');
    bar.step('line src/a.py');
    bar.step('block src/b.ts');
    bar.step('');
    bar.step('span c.go');
    bar.done();
    expect(out.written).toEqual([
      '\rcomplete [#####---------------] 1/4 line src/a.py\x1b[K',
      '\rcomplete [##########----------] 2/4 block src/b.ts\x1b[K',
      '\rcomplete [###############-----] 3/4\x1b[K',
      '\rcomplete [####################] 4/4 span c.go\x1b[K',
      '\n',
    ]);
  });

  it('fits the line to the terminal, one column short of its width: the detail is cut first, then the bar narrows', () => {
    const out = recorder({ columns: 40 });
    const bar = progressBar(out, 3, 'implement');
    bar.step('a rather long detail that cannot fit');
    expect(out.written[0]).toBe('\rimplement [######--------------] 1/3 a…\x1b[K');
    expect(out.written[0].length - '\r\x1b[K'.length).toBe(39);

    const narrow = recorder({ columns: 24 });
    progressBar(narrow, 2, 'implement').step('detail');
    expect(narrow.written).toEqual(['\rimplement [###----] 1/2\x1b[K']);

    const tiny = recorder({ columns: 12 });
    progressBar(tiny, 10, 'implement').step('detail');
    expect(tiny.written).toEqual(['\rimplement [\x1b[K']);
  });

  it.each([undefined, 0])('assumes 80 columns when the terminal says %s, and puts a detail on one line', (columns) => {
    const out = recorder({ columns });
    progressBar(out, 2, 'x').step(`${'d'.repeat(100)}\nsecond line`);
    expect(out.written[0]).toBe(`\rx [##########----------] 1/2 ${'d'.repeat(49)}…\x1b[K`);
  });

  it('sets the amount outright with update, shown by its own counter (a download: percent of bytes)', () => {
    const out = recorder({ columns: 80 });
    const bar = progressBar(out, 300_000, 'model.gguf', (count, total) => `${Math.floor((100 * count) / total)}%`);
    bar.update(75_000, '75 kB of 300 kB');
    bar.update(300_000, '300 kB of 300 kB');
    bar.done();
    expect(out.written).toEqual(['\rmodel.gguf [#####---------------] 25% 75 kB of 300 kB\x1b[K', '\rmodel.gguf [####################] 100% 300 kB of 300 kB\x1b[K', '\n']);
  });

  it('writes nothing for done before any step, and shows a full bar for nothing to do', () => {
    const out = recorder({ columns: 80 });
    const bar = progressBar(out, 0, 'complete');
    bar.done();
    expect(out.written).toEqual([]);
    bar.step('extra');
    expect(out.written).toEqual(['\rcomplete [####################] 1/0 extra\x1b[K']);
  });
});

describe('progressBar elsewhere (a pipe, a file, CI)', () => {
  it('writes a plain line per step and nothing at done', () => {
    const out = recorder(undefined);
    const bar = progressBar(out, 3, 'complete');
    bar.step('line src/a.py');
    bar.step('');
    bar.step('two\nlines');
    bar.done();
    expect(out.written.join('')).toBe('complete 1/3 line src/a.py\ncomplete 2/3\ncomplete 3/3 two lines\n');
  });

  it('writes a plain line per update, with its counter', () => {
    const out = recorder(undefined);
    const bar = progressBar(out, 200, 'pull', (count, total) => `${(100 * count) / total}%`);
    bar.update(50, '');
    bar.update(200, 'done');
    bar.done();
    expect(out.written.join('')).toBe('pull 25%\npull 100% done\n');
  });
});
