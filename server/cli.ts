import { createConnection, ProposedFeatures, StreamMessageReader } from 'vscode-languageserver/node';
import { Logger } from './protocol/logger';
import { gateMessages } from './protocol/messageGate';
import { WholeMessageWriter } from './protocol/messageWriter';
import { startServer } from './protocol/server';
import { SERVER_NAME, SERVER_VERSION } from './version';

const USAGE = `Usage: infill-ls [--stdio] [--log-file FILE] [--allow-commands]
       infill-ls doctor [--settings FILE] [--provider P] [--endpoint URL] [--model NAME] [--path FILE] [--api-key-env VAR] [--json]
       infill-ls eval implement --test "<command>" [options] | eval complete [options]
       infill-ls model pull [NAME] | model list
       infill-ls --version | --help

A language server that fills in the middle with a local code model (Ollama, or
the model run inside infill-ls).
Editors start it as "infill-ls --stdio" and speak LSP over stdin/stdout.

Commands:
  doctor            check the model setup and print what fixes each problem
                    (infill-ls doctor --help)
  eval              measure the configured model on your own code: pass@k of
                    "Implement" against your tests, fill-in-the-middle accuracy
                    (infill-ls eval --help)
  model pull [NAME] | model list
                    download and list the embedded backend's model files
                    (infill-ls model --help)

Options:
  --stdio           serve LSP over stdin/stdout (the default)
  --log-file FILE   also append the log to FILE
  --allow-commands  run the check commands the settings name without asking
                    (settings may come from a project; by default each command
                    runs only once you allowed it)
  --version         print the version and exit
  --help            print this help and exit

Settings (section "infill"; see README.md) come from the editor:
  initializationOptions, workspace/configuration, workspace/didChangeConfiguration.
Environment: OLLAMA_HOST sets the default model endpoint.`;

interface Options {
  logFile?: string;
  allowCommands?: boolean;
}

/** Parses the command line; exits for --help, --version and mistakes. */
function parseArgs(argv: string[]): Options {
  const options: Options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === '--version' || arg === '-v') {
      process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
      process.exit(0);
    } else if (arg === '--allow-commands') {
      options.allowCommands = true;
    } else if (arg === '--stdio') {
      // the default transport
    } else if (arg === '--log-file' || arg.startsWith('--log-file=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) fail('--log-file needs a file name');
      options.logFile = value;
    } else if (arg.startsWith('--clientProcessId')) {
      // vscode-languageclient adds this; the connection watches stdin instead.
      if (!arg.includes('=')) i++;
    } else {
      fail(`unknown option ${arg}`);
    }
  }
  return options;
}

function fail(message: string): never {
  process.stderr.write(`infill-ls: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** `infill-ls doctor ...`: a one-shot check that prints to stdout (no LSP there). */
function doctor(argv: string[]): void {
  const io = { env: process.env, cwd: process.cwd(), out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  // Loaded only for this command: the server's start-up does not pay for it.
  const { runDoctor } = require('./doctor/run') as typeof import('./doctor/run');
  exitWith('doctor', runDoctor(argv, io));
}

/** The io of a one-shot command that shows progress on stderr and stops cleanly on Ctrl-C. */
function commandIo() {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  return {
    env: process.env,
    cwd: process.cwd(),
    out: (t: string) => process.stdout.write(t),
    err: (t: string) => process.stderr.write(t),
    progress: { isTTY: process.stderr.isTTY, columns: process.stderr.columns, write: (t: string) => process.stderr.write(t) },
    signal: controller.signal,
  };
}

/** Sets the exit code from a command's result; an unexpected error is printed with its stack. */
function exitWith(command: string, result: Promise<number>): void {
  result.then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`infill-ls ${command}: unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/** `infill-ls eval ...`: results on stdout, progress on stderr; Ctrl-C removes the scratch copy on the way out. */
function evaluate(argv: string[]): void {
  const { runEval } = require('./eval/run') as typeof import('./eval/run');
  exitWith('eval', runEval(argv, commandIo()));
}

/** `infill-ls model pull|list`: what was done on stdout, the download's progress on stderr; Ctrl-C keeps the part file to resume. */
function model(argv: string[]): void {
  const { runModelCommand } = require('./modelFiles/run') as typeof import('./modelFiles/run');
  exitWith('model', runModelCommand(argv, commandIo()));
}

function main(): void {
  if (process.argv[2] === 'doctor') return doctor(process.argv.slice(3));
  if (process.argv[2] === 'eval') return evaluate(process.argv.slice(3));
  if (process.argv[2] === 'model') return model(process.argv.slice(3));
  const options = parseArgs(process.argv.slice(2));
  let logger: Logger;
  try {
    logger = new Logger(options.logFile);
  } catch (e) {
    fail(`cannot open the log file: ${e instanceof Error ? e.message : String(e)}`);
  }
  // stdout carries the protocol: anything a library prints must go to the log instead.
  const toLog = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) => logger[level](args.map(String).join(' '));
  console.log = console.info = console.debug = toLog('info');
  console.warn = toLog('warn');
  console.error = toLog('error');
  // What went wrong at error level; where in the code (the stack, install paths) only at debug level.
  const unexpected = (what: string) => (e: unknown) => {
    logger.error(`${what} (the server keeps running): ${e instanceof Error ? e.message : String(e)}`);
    if (e instanceof Error && e.stack) logger.debug(e.stack);
  };
  process.on('uncaughtException', unexpected('unexpected error'));
  process.on('unhandledRejection', unexpected('unexpected rejection'));
  process.on('exit', () => logger.close());

  const gate = gateMessages(new StreamMessageReader(process.stdin), new WholeMessageWriter(process.stdout), logger, (reason) => {
    // Nothing after this can be read: a silent, wedged server helps no one; the editor shows
    // it stopped (and its stderr) and can restart it.
    const message = `the editor's messages cannot be read any more (${reason}); exiting`;
    logger.error(message);
    process.stderr.write(`infill-ls: ${message}\n`);
    process.exit(1);
  });
  // Editors that quit without `exit` close stdin: status 0 after `shutdown`, else 1.
  const onEnd = () => {
    logger.info('stdin closed; exiting');
    process.exit(gate.shutdownReceived() ? 0 : 1);
  };
  process.stdin.on('end', onEnd);
  process.stdin.on('close', onEnd);
  const connection = createConnection(ProposedFeatures.all, gate.reader, gate.writer);
  startServer(connection, logger, { allowCommands: options.allowCommands });
}

main();
