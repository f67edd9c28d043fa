// Just enough of Go's text/template to render Ollama FIM templates: {{ .Field }}, if/else if/else/end,
// and/or/not, and the {{- -}} whitespace trimming. range/with/block bodies are skipped (chat
// templates iterate .Messages, which the suffix path never sets).

export interface TemplateVars {
  Prompt?: string;
  Suffix?: string;
  System?: string;
  Response?: string;
}

type Piece = { text: string } | { action: string };

interface Block {
  /** This branch is being rendered. */
  active: boolean;
  /** Some branch of this if-chain has been taken already. */
  taken: boolean;
}

/** Renders `template` with `vars`; unknown fields and unsupported actions render as ''. */
export function renderGoTemplate(template: string, vars: TemplateVars): string {
  const stack: Block[] = [];
  let out = '';
  for (const piece of parse(template)) {
    const rendering = stack.every((b) => b.active);
    if ('text' in piece) {
      if (rendering) out += piece.text;
      continue;
    }
    const [keyword = '', ...args] = piece.action.split(/\s+/).filter(Boolean);
    if (keyword === 'if') {
      const cond = evaluate(args, vars);
      stack.push({ active: cond, taken: cond });
    } else if (keyword === 'else') {
      const block = stack[stack.length - 1];
      if (!block) continue;
      const cond = args[0] === 'if' ? evaluate(args.slice(1), vars) : true;
      block.active = !block.taken && cond;
      block.taken ||= block.active;
    } else if (keyword === 'end') {
      stack.pop();
    } else if (keyword === 'range' || keyword === 'with' || keyword === 'block' || keyword === 'define') {
      stack.push({ active: false, taken: true });
    } else if (rendering && keyword.startsWith('.') && args.length === 0) {
      out += field(keyword, vars);
    }
  }
  return out;
}

function parse(template: string): Piece[] {
  const pieces: Piece[] = [];
  const actionPattern = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNextLeft = false;
  for (const match of template.matchAll(actionPattern)) {
    let text = template.slice(last, match.index);
    if (trimNextLeft) text = text.replace(/^\s+/, '');
    if (match[1]) text = text.replace(/\s+$/, '');
    if (text) pieces.push({ text });
    const action = match[2]!.trim();
    if (!action.startsWith('/*')) pieces.push({ action });
    trimNextLeft = Boolean(match[3]);
    last = match.index + match[0].length;
  }
  let tail = template.slice(last);
  if (trimNextLeft) tail = tail.replace(/^\s+/, '');
  if (tail) pieces.push({ text: tail });
  return pieces;
}

function field(name: string, vars: TemplateVars): string {
  const key = name.slice(1) as keyof TemplateVars;
  return Object.prototype.hasOwnProperty.call(vars, key) ? (vars[key] ?? '') : '';
}

function evaluate(args: string[], vars: TemplateVars): boolean {
  const [head, ...rest] = args;
  if (head === 'not') return !evaluate(rest, vars);
  if (head === 'and') return rest.every((a) => evaluate([a], vars));
  if (head === 'or') return rest.some((a) => evaluate([a], vars));
  if (head?.startsWith('.')) return field(head, vars) !== '';
  return false;
}
