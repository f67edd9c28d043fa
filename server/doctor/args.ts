// The doctor's command line; no side effects, so it can be tested and reused.

export interface DoctorArgs {
  settingsFile?: string;
  provider?: string;
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  path?: string;
  json: boolean;
  help: boolean;
}

export const DOCTOR_USAGE = `Usage: infill-ls doctor [--settings FILE] [--provider auto|ollama|openai|llamacpp|embedded]
                        [--endpoint URL] [--model NAME] [--path FILE.gguf] [--api-key-env VAR] [--json]

Checks that the model server is reachable (or, for the embedded model, that node-llama-cpp
runs and the GGUF file loads), that the model is there and can fill in the middle, and
times a tiny completion; for each failure it prints the command or setting that fixes it.
With provider "auto" it says which backend the server would use, and why. Exit code 0 when
nothing failed (warnings are fine), 1 when a check failed, 2 for a mistake on the command
line.

Settings: the defaults (OLLAMA_HOST sets the endpoint), then FILE (JSON, the "infill"
section or the section itself; default .infill.json in this folder if there is one),
then the flags, which set infill.model.*.

Options:
  --settings FILE      read settings from FILE
  --provider NAME      infill.model.provider: auto, ollama, openai, llamacpp or embedded
  --endpoint URL       infill.model.endpoint
  --model NAME         infill.model.name
  --path FILE.gguf     infill.model.path: the embedded model's file
  --api-key-env VAR    infill.model.apiKeyEnv: the variable that holds the API key
  --json               print the results as a JSON array of {model, check, status, detail, fix}
  --help               print this help`;

const VALUE_FLAGS = {
  '--settings': 'settingsFile',
  '--provider': 'provider',
  '--endpoint': 'endpoint',
  '--model': 'model',
  '--api-key-env': 'apiKeyEnv',
  '--path': 'path',
} as const;

/** The parsed arguments, or the mistake in them. */
export function parseDoctorArgs(argv: string[]): DoctorArgs | { error: string } {
  const args: DoctorArgs = { json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else {
      const eq = arg.indexOf('=');
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      if (!Object.hasOwn(VALUE_FLAGS, flag)) return { error: `unknown option ${arg}` };
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { error: `${flag} needs a value` };
      args[VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS]] = value;
    }
  }
  return args;
}
