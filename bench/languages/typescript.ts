// typescript units for the benchmark corpus (see ../templates.ts for the markers).
import type { LanguageTemplates } from '../templates';

export const typescript: LanguageTemplates = {
  languageId: 'typescript',
  extension: 'ts',
  header: `import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { EventEmitter } from 'node:events';
import type { Logger } from './logger';

export interface Item {
  id: string;
  name: string;
  price: number;
  tags: string[];
}

`,
  units: [
    `export class InventoryService§ extends EventEmitter {
  private readonly items = new Map<string, Item>();

  constructor(private readonly logger: Logger, private readonly root: string) {
    super();
  }

  async load(file: string): Promise<number> {
    const raw = await readFile(path.join(this.root, file), 'utf8');
    const parsed = JSON.parse(raw) as Item[];
    for (const item of parsed) {
      this.items.set(item.id, item);
      ¦
    }
    this.emit('loaded', parsed.length);
    return parsed.length;
  }

  totalPrice(tag?: string): number {
    let total = 0;
    for (const item of this.items.values()) {
      if (tag && !item.tags.includes(tag)) continue;
      total += item.price;¦
    }
    this.logger.info('total', total);
    return total;
  }
}

`,
    `export function groupByTag§(items: readonly Item[]): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    for (const tag of item.tags) {
      const group = groups.get(tag) ?? [];
      group.push(item);
      groups.set(¦tag, group);
    }
  }
  return groups;
}

export async function retry§<T>(action: () => Promise<T>, attempts = 3, delayMs = 100): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await action();
    } catch (error) {
      lastError = error;
      ¦
      await new Promise((resolve) => setTimeout(resolve, delayMs * (attempt + 1)));
    }
  }
  throw lastError;
}

`,
  ],
  typed: 'const count = this.items.size + 1;',
  answer: ['const checked = validateInput(value);', "logger.debug('checked', checked);"],
};
