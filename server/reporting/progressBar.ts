/** Where progress goes: a stream's `isTTY` and `columns` say whether one line can be redrawn, and how wide it may be. */
export interface ProgressOut {
  isTTY?: boolean;
  columns?: number;
  write(text: string): void;
}

const BAR_WIDTH = 20;
/** Narrower bars tell nothing; on a terminal this narrow the line is cut instead. */
const MIN_BAR_WIDTH = 5;
/** When the terminal does not say (or says 0, as a pseudo-terminal without a size does). */
const DEFAULT_COLUMNS = 80;
/** Back to the line's start, and (after the text) erase what a longer earlier line left. */
const RETURN = '\r';
const ERASE_TO_END = '\x1b[K';

/** A bar's handle: steps counted one by one (`step`) or an amount set outright (`update`, a download's bytes). */
export interface ProgressBar {
  step(detail: string): void;
  update(count: number, detail: string): void;
  done(): void;
}

/** How the amount done is shown: `3/10` by default; a download shows `42%`. */
export type Counter = (count: number, total: number) => string;

const STEPS: Counter = (count, total) => `${count}/${total}`;

/**
 * A progress bar on a terminal (one line redrawn with \r and ESC[K:
 * `<label> [#####-----] 3/10 <detail>` fitted to `columns`), plain lines
 * (`<label> 3/10 <detail>\n`) otherwise, so a log or CI output gets one line per step
 * and no control characters.
 */
export function progressBar(out: ProgressOut, total: number, label: string, counter: Counter = STEPS): ProgressBar {
  let count = 0;
  let drawn = false;
  const draw = (detail: string): void => {
    const shown = oneLine(detail);
    const counted = counter(count, total);
    if (!out.isTTY) {
      out.write(`${[label, counted, shown].filter((p) => p !== '').join(' ')}\n`);
      return;
    }
    out.write(`${RETURN}${terminalLine(label, count, total, counted, shown, out.columns || DEFAULT_COLUMNS)}${ERASE_TO_END}`);
    drawn = true;
  };
  return {
    step(detail: string): void {
      count++;
      draw(detail);
    },
    update(amount: number, detail: string): void {
      count = amount;
      draw(detail);
    },
    done(): void {
      if (out.isTTY && drawn) out.write('\n');
      drawn = false;
    },
  };
}

/**
 * The redrawn line, shorter than `columns`: a line that fills the last column wraps on
 * some terminals, and `\r` then redraws only its second half. The detail is cut first,
 * then the bar narrowed, then the whole line cut.
 */
function terminalLine(label: string, count: number, total: number, counter: string, detail: string, columns: number): string {
  const room = Math.max(1, columns - 1);
  const fixed = `${label} [] ${counter}`.length;
  const width = Math.max(MIN_BAR_WIDTH, Math.min(BAR_WIDTH, room - fixed));
  const filled = total > 0 ? Math.min(width, Math.floor((width * count) / total)) : width;
  const head = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${counter}`;
  if (head.length >= room) return head.slice(0, room);
  const detailRoom = room - head.length - 1;
  if (detail === '' || detailRoom <= 0) return head;
  return `${head} ${detail.length > detailRoom ? `${detail.slice(0, detailRoom - 1)}…` : detail}`;
}

/** A detail on one line: its own line breaks or control characters would break the bar. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
}
