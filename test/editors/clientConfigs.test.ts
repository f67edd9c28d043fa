import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from './process';

const CLIENTS = path.resolve(__dirname, '../../clients');

describe('client configs for editors that cannot run here', () => {
  it('Helix: languages.toml parses and adds infill-ls beside each language’s own server', async () => {
    // Python's tomllib is the TOML parser at hand (Python 3.11 is on every machine of this kind).
    const script = [
      'import json, sys, tomllib',
      'print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))',
    ].join('\n');
    const result = await runProcess('python3', ['-c', script, path.join(CLIENTS, 'helix', 'languages.toml')], { env: process.env });
    expect(result.stderr).toBe('');
    const config = JSON.parse(result.stdout) as {
      'language-server': Record<string, { command: string; args: string[]; config: { infill: unknown } }>;
      language: Array<{ name: string; 'language-servers': string[] }>;
    };
    expect(config['language-server']['infill-ls']).toEqual({
      command: 'infill-ls',
      args: ['--stdio'],
      config: { infill: { model: { name: 'qwen2.5-coder:1.5b-base' }, completion: { debounceMs: 150 } } },
    });
    for (const language of config.language) {
      expect(language['language-servers'], language.name).toContain('infill-ls');
      expect(language['language-servers'].length, `${language.name} keeps its own server`).toBe(2);
    }
  });
});
