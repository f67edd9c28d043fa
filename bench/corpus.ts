// Generates source files of a given size from the templates, with the cursor slots in them.
import { TEMPLATES, type BenchLanguage } from './templates';

export type SlotKind = 'empty' | 'mid' | 'end';

/** A cursor position (0-based line, UTF-16 character; the corpus is ASCII). */
export interface Slot {
  line: number;
  character: number;
  kind: SlotKind;
}

export interface GeneratedFile {
  language: BenchLanguage;
  languageId: string;
  uri: string;
  text: string;
  lines: number;
  slots: Slot[];
}

const NUMBER = /§/g;
const SLOT = '¦';

/** About `lines` lines of `language`; `seed` shifts the numbering so files differ. */
export function generateFile(language: BenchLanguage, lines: number, seed = 0): GeneratedFile {
  const t = TEMPLATES[language];
  const out: string[] = t.header.split('\n');
  out.pop(); // the header ends with a newline: its last piece is empty
  const slots: Slot[] = [];
  for (let unit = 0; out.length < lines; unit++) {
    const n = seed * 100_000 + unit + 1;
    const body = t.units[unit % t.units.length].replace(NUMBER, String(n)).split('\n');
    body.pop();
    for (const raw of body) {
      const at = raw.indexOf(SLOT);
      const line = at < 0 ? raw : raw.slice(0, at) + raw.slice(at + 1);
      if (at >= 0) {
        const kind: SlotKind = line.trim() === '' ? 'empty' : at === line.length ? 'end' : 'mid';
        slots.push({ line: out.length, character: at, kind });
      }
      out.push(line);
    }
  }
  const text = out.join('\n') + '\n';
  return { language, languageId: t.languageId, uri: `file:///bench/${language}/s${seed}_${lines}.${t.extension}`, text, lines: out.length, slots };
}

/**
 * `count` slots spread over the file, the kinds taken in turn, each slot used once (a fresh
 * prefix every time, so no cache can answer). The first slot is left for warming up.
 */
export function spreadSlots(file: GeneratedFile, count: number): Slot[] {
  const kinds: SlotKind[] = ['empty', 'mid', 'end'];
  const pool = file.slots.slice(1);
  const byKind = new Map(kinds.map((k) => [k, pool.filter((s) => s.kind === k)]));
  const wanted = new Map(kinds.map((k, i) => [k, Math.floor(count / kinds.length) + (i < count % kinds.length ? 1 : 0)]));
  const picked: Slot[] = [];
  for (const kind of kinds) {
    const list = byKind.get(kind)!;
    const m = Math.min(wanted.get(kind)!, list.length);
    for (let j = 0; j < m; j++) picked.push(list[Math.floor(((j + 0.5) / m) * list.length)]);
  }
  return picked.sort((a, b) => a.line - b.line);
}

/** The UTF-16 offset of a slot in `text`. */
export function offsetOf(text: string, slot: { line: number; character: number }): number {
  let offset = 0;
  for (let i = 0; i < slot.line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + slot.character;
}

/**
 * `count` documents as an editor restoring a session opens them (tables 3, 6 and 9):
 * languages in turn, every tenth of ~10k lines, the rest of ~1k.
 */
export function openDocumentsMix(languages: BenchLanguage[], count: number): GeneratedFile[] {
  return Array.from({ length: count }, (_, i) => generateFile(languages[i % languages.length], (i + 1) % 10 === 0 ? 10_000 : 1000, i + 1));
}

/** A block position: the middle empty-line slot of the file (tables 4 and 9). */
export function blockSlot(file: GeneratedFile): Slot {
  const empties = file.slots.filter((s) => s.kind === 'empty');
  return empties[empties.length >> 1];
}

/**
 * A keystroke above `slot`: each call types one more trailing space at the end of the line
 * above it, through `type` (a new prefix, so neither a server's cache nor its last answer
 * applies, and the syntax stays valid).
 */
export function spaceAbove(file: GeneratedFile, slot: Slot, type: (line: number, character: number) => void): () => void {
  const above = slot.line - 1;
  let aboveLength = file.text.split('\n', slot.line)[above].length;
  return () => type(above, aboveLength++);
}
