import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientProfile, STANDARD_CLIENT } from '../../server/features/clientProfile';
import { serverCapabilities } from '../../server/protocol/capabilities';

const actions = [{ kinds: ['quickfix'], command: 'infill.fix' }];

describe('clientProfile', () => {
  it('tells Helix apart by its name, whatever the version', () => {
    for (const version of ['25.07.1 (a05c151b)', '25.07.1-dev (079a789e)', undefined]) {
      expect(clientProfile({ name: 'helix', version })).toEqual({
        name: `helix ${version ?? ''}`.trim(),
        triggersReachEveryServer: true,
        emptyIncompleteHidesOthers: true,
        resolveBlocksEditor: true,
      });
    }
    expect(clientProfile({ name: ' Helix ' }).resolveBlocksEditor).toBe(true);
  });

  it('treats every other client, named or not, as LSP describes', () => {
    expect(clientProfile({ name: 'Neovim', version: '0.10.4' })).toEqual({ ...STANDARD_CLIENT, name: 'Neovim 0.10.4' });
    expect(clientProfile({ name: 'helix-gpt' })).toEqual({ ...STANDARD_CLIENT, name: 'helix-gpt' });
    expect(clientProfile(undefined)).toEqual(STANDARD_CLIENT);
  });
});

describe('serverCapabilities by client', () => {
  const helixCaps = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/helix/capabilities.json'), 'utf8'))['helix_25.07.1'];

  it('declares no trigger characters to Helix, where any server\'s trigger asks every server; UTF-8 positions', () => {
    const { capabilities, encoding } = serverCapabilities(helixCaps, clientProfile({ name: 'helix' }), actions);
    expect(capabilities.completionProvider).toEqual({ resolveProvider: false, completionItem: { labelDetailsSupport: true } });
    expect(encoding).toBe('utf-8');
    expect(capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix'], resolveProvider: true });
    expect(capabilities.executeCommandProvider).toEqual({ commands: ['infill.fix'] });
  });

  it('declares its trigger characters to other clients', () => {
    const { capabilities, encoding } = serverCapabilities({}, STANDARD_CLIENT, actions);
    expect(capabilities.completionProvider?.triggerCharacters).toEqual(['.', '(', '[', '{', ',', ':', '=', ' ']);
    expect(encoding).toBe('utf-16');
    expect(capabilities.inlineCompletionProvider).toBeUndefined();
  });
});
