import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';

/** The identifier the user is typing, ending at the cursor: the text a client filters with. */
export function wordBefore(lineBeforeCursor: string): string {
  return /[\p{L}\p{N}_$]*$/u.exec(lineBeforeCursor)![0];
}

export interface SuggestionInput {
  /** The text the model wrote for the cursor position. */
  insertion: string;
  /** The part of the current word already typed before the cursor. */
  typed: string;
  /** From the start of `typed` to the cursor, in the client's encoding. */
  range: Range;
  languageId: string;
  modelName: string;
  /** Sort before the language server's items rather than after them. */
  sortFirst?: boolean;
}

const LABEL_MAX = 60;

/**
 * Completion items for one suggestion. Each replaces the typed part of the word with
 * itself plus the model's text, so every client (Neovim, Helix, Eglot) inserts exactly
 * at the cursor and keeps the item while filtering: label and filterText start with
 * what was typed. A block suggestion also comes as its first line alone.
 */
export function suggestionItems(input: SuggestionInput): CompletionItem[] {
  const { insertion, typed } = input;
  const items = [item(input, typed + insertion, 0)];
  const eol = insertion.search(/\r?\n/);
  if (eol > 0 && insertion.slice(0, eol).trim() !== '') items.push(item(input, typed + insertion.slice(0, eol), 1));
  return items;
}

function item(input: SuggestionInput, newText: string, index: number): CompletionItem {
  const lines = newText.split(/\r?\n/);
  // The label and filterText must start with the typed word (Eglot 1.9 filters on the
  // label itself); a suggestion that starts on a new line shows its first real line.
  const firstReal = lines.find((l) => l.trim() !== '') ?? '';
  const shown = lines[0].trim() === '' ? input.typed + firstReal.trim() : lines[0];
  const label = shown.length > LABEL_MAX ? `${shown.slice(0, LABEL_MAX - 1)}…` : shown;
  const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : '';
  return {
    label,
    kind: CompletionItemKind.Text,
    detail: `infill-ls · ${input.modelName}${more}`,
    labelDetails: { description: 'infill' },
    documentation: { kind: 'markdown', value: '```' + input.languageId + '\n' + newText.replace(/\r\n/g, '\n') + '\n```' },
    filterText: shown,
    // `~` sorts after the identifiers language servers use as sortText; `!` before them.
    sortText: `${input.sortFirst ? '!' : '~'}infill${index}`,
    insertTextFormat: InsertTextFormat.PlainText,
    // The model already wrote each line's indentation; clients must not add theirs.
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: input.range, newText },
  };
}
