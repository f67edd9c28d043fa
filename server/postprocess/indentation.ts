import { indentWidth } from './blockEnd';

/** How a document indents: with tabs, or with some number of spaces. */
export interface IndentStyle {
  useTabs: boolean;
  /** Spaces per level (also a tab's width). */
  unit: number;
  /** False when the text has no indented lines to tell from (the style is a default). */
  known: boolean;
}

/** The indentation style most lines of `text` use (sampled; spaces of 4 when unclear). */
export function detectIndentStyle(text: string, maxLines = 2000): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  let lineStart = 0;
  for (let n = 0; n < maxLines && lineStart < text.length; n++) {
    const nl = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, nl < 0 ? text.length : nl);
    lineStart = nl < 0 ? text.length : nl + 1;
    // Blank lines, and the ` * ` lines of block comments, say nothing about the code's indentation.
    if (line.trim() === '' || /^\s+\*/.test(line)) continue;
    if (line[0] === '\t') tabs++;
    else if (line[0] === ' ') spaces++;
    const width = indentWidth(line);
    const step = Math.abs(width - previous);
    if (line[0] !== '\t' && step > 0 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  let unit = 4;
  let best = 0;
  for (const [step, count] of steps) if (count > best || (count === best && step < unit)) [unit, best] = [step, count];
  return { useTabs: tabs > spaces, unit, known: tabs + spaces > 0 };
}

/**
 * Rewrites the leading whitespace of the suggestion's later lines in the document's style
 * (tabs for spaces or spaces for tabs); the first line continues the cursor's line as is.
 */
export function normalizeIndentation(suggestion: string, style: IndentStyle): string {
  const lines = suggestion.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const lead = /^[ \t]*/.exec(line)![0];
    // Stryker disable next-line StringLiteral: an empty lead is rewritten by neither branch below, so the guard only saves work
    if (lead === '') continue;
    // Stryker disable next-line StringLiteral: a lead of tabs alone is rewritten to the same tabs
    if (style.useTabs && lead.includes(' ')) {
      const width = indentWidth(lead, style.unit);
      lines[i] = '\t'.repeat(Math.floor(width / style.unit)) + ' '.repeat(width % style.unit) + line.slice(lead.length);
      // Stryker disable next-line StringLiteral: a lead of spaces alone is rewritten to the same spaces
    } else if (!style.useTabs && lead.includes('\t')) {
      lines[i] = ' '.repeat(indentWidth(lead, style.unit)) + line.slice(lead.length);
    }
  }
  return lines.join('\n');
}

/**
 * Whether the suggestion's later lines are all indented in the other style, in whole levels:
 * a model that writes spaces in a tab-indented file. Anything less clear (a mix, odd widths
 * such as lines inside a multi-line string) is left as the model wrote it.
 */
export function needsNormalizing(suggestion: string, style: IndentStyle): boolean {
  const leads = suggestion
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)![0])
    .filter((lead) => lead !== '');
  if (leads.length === 0) return false;
  return style.useTabs
    ? leads.every((lead) => !lead.includes('\t') && lead.length % style.unit === 0)
    : leads.every((lead) => /^\t+$/.test(lead));
}
