// The settings the doctor checks: defaults, then a settings file, then flags, each layer
// validated by the server's own applySettings so that a problem is named as the server names it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applySettings, defaultSettings, sectionOf, type Settings, type SettingProblem } from '../config/settings';
import type { DoctorArgs } from './args';
import { fail, warn, type CheckResult } from './result';

export const DEFAULT_SETTINGS_FILE = '.infill.json';

export interface LoadedSettings {
  settings: Settings;
  /** Where they came from, for the report's first line, e.g. ['defaults', '.infill.json', 'flags']. */
  sources: string[];
  /** Problems with the settings, as check results. */
  results: CheckResult[];
  /** The settings file could not be used at all: checking the defaults instead would mislead. */
  fatal: boolean;
}

const FLAG_OF: Record<string, string> = {
  'infill.model.provider': '--provider',
  'infill.model.endpoint': '--endpoint',
  'infill.model.name': '--model',
  'infill.model.apiKeyEnv': '--api-key-env',
  'infill.model.path': '--path',
};

export function loadDoctorSettings(args: DoctorArgs, env: NodeJS.ProcessEnv, cwd: string): LoadedSettings {
  let settings = defaultSettings(env);
  const sources = [env.OLLAMA_HOST?.trim() ? 'defaults (OLLAMA_HOST)' : 'defaults'];
  const results: CheckResult[] = [];

  const file = args.settingsFile ?? (fs.existsSync(path.resolve(cwd, DEFAULT_SETTINGS_FILE)) ? DEFAULT_SETTINGS_FILE : undefined);
  if (file !== undefined) {
    const raw = readJson(path.resolve(cwd, file));
    if ('error' in raw) {
      const fix = raw.unreadable ? 'check the --settings path' : `correct ${file}`;
      results.push(fail(null, 'settings', `cannot use ${file}: ${raw.error}`, fix));
      return { settings, sources: [...sources, file], results, fatal: true };
    }
    const applied = applySettings(settings, sectionOf(raw.value));
    settings = applied.settings;
    sources.push(file);
    results.push(...applied.problems.map((p) => fileProblem(p, file)));
  }

  const flags: Record<string, string> = {};
  if (args.provider !== undefined) flags.provider = args.provider;
  if (args.endpoint !== undefined) flags.endpoint = args.endpoint;
  if (args.model !== undefined) flags.name = args.model;
  if (args.apiKeyEnv !== undefined) flags.apiKeyEnv = args.apiKeyEnv;
  if (args.path !== undefined) flags.path = args.path;
  if (Object.keys(flags).length > 0) {
    const applied = applySettings(settings, { model: flags });
    settings = applied.settings;
    sources.push('flags');
    results.push(...applied.problems.map((p) => fail(null, 'settings', `${FLAG_OF[p.key] ?? p.key}: ${p.message}`, `correct the ${FLAG_OF[p.key] ?? p.key} value`)));
  }
  return { settings, sources, results, fatal: false };
}

/** An invalid value is ignored by the server (a FAIL: it is not what the user meant); an unknown key may be a typo (a warning). */
function fileProblem(p: SettingProblem, file: string): CheckResult {
  if (p.message === 'unknown setting') return warn(null, 'settings', `${p.key}: unknown setting in ${file}, ignored`, `remove or rename ${p.key} in ${file}`);
  return fail(null, 'settings', `${p.key}: ${p.message} (in ${file}); the default is used instead`, `correct ${p.key} in ${file}`);
}

function readJson(file: string): { value: unknown } | { error: string; unreadable: boolean } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, unreadable: true };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `not valid JSON (${e instanceof Error ? e.message : String(e)})`, unreadable: false };
  }
}
