import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { ScratchTooLarge, ScratchWorkspace } from '../../server/actions/scratchWorkspace';
import { runTestCommand } from '../../server/actions/testCommand';

/**
 * The scratch copy a user's tests run in against a candidate: it must look like the project
 * to the tests, and nothing done in it (writes, restores, a test run) may reach the user's tree.
 */

const created: ScratchWorkspace[] = [];
afterEach(() => {
  for (const workspace of created.splice(0)) workspace.dispose();
});

/** The folders the tests made (the users' projects), removed at the end. */
const made: string[] = [];
afterAll(() => {
  for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
});

function madeFolder(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(folder);
  return folder;
}

function scratchOf(source: string, options?: { maxCopyBytes?: number }): ScratchWorkspace {
  const workspace = ScratchWorkspace.create(source, options);
  created.push(workspace);
  return workspace;
}

/** A fresh folder with `files` (path → text, or [text, mode]) in it. */
function folderWith(files: Record<string, string | [string, number]>): string {
  const root = madeFolder('infill-scratch-test-');
  for (const [rel, spec] of Object.entries(files)) {
    const [text, mode] = typeof spec === 'string' ? [spec, 0o644] : spec;
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
    fs.chmodSync(path.join(root, rel), mode);
  }
  return root;
}

/** A project with a file of each kind the copy treats differently. */
function project(): string {
  const root = folderWith({
    'README.md': 'hello\n',
    'run.sh': ['#!/bin/sh\necho hi\n', 0o755],
    '.env': 'TOKEN=local\n',
    'src/app.py': 'def total(xs):\n    return sum(xs)\n',
    'src/pkg/__init__.py': '',
    'docs/target': 'a file, not a build folder\n',
    'vendor/lib.go': 'package lib\n',
    'node_modules/left-pad/index.js': 'module.exports = 1;\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.cache/blob': 'cached\n',
    'sub/target/out.bin': 'built\n',
    '__pycache__/app.cpython-311.pyc': 'bytecode',
    'src/.pytest_cache/v/cache': 'x',
    '.mypy_cache/x': 'x',
    '.ruff_cache/x': 'x',
  });
  fs.symlinkSync('README.md', path.join(root, 'readme-link'));
  fs.symlinkSync('src', path.join(root, 'src-link'));
  fs.symlinkSync('/nonexistent/infill-target', path.join(root, 'dangling'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  return root;
}

/** Every entry under `dir`, links not followed: a folder, a file's mode and text, a link's target; with mtimes if asked. */
function listing(dir: string, withTimes = false): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      const entry = path.join(rel, name);
      const full = path.join(dir, entry);
      const stat = fs.lstatSync(full);
      const time = withTimes ? ` @${stat.mtimeMs}` : '';
      if (stat.isSymbolicLink()) entries[entry] = `link ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        entries[entry] = `folder${time}`;
        walk(entry);
      } else if (stat.isFile()) entries[entry] = `file ${(stat.mode & 0o777).toString(8)} ${fs.readFileSync(full, 'utf8')}${time}`;
      else entries[entry] = `other${time}`;
    }
  };
  walk('');
  return entries;
}

/** The copy of project(): same files, the tool folders linked, the caches and the fifo left out. */
function expectedCopy(source: string): Record<string, string> {
  return {
    'README.md': 'file 644 hello\n',
    'run.sh': 'file 755 #!/bin/sh\necho hi\n',
    '.env': 'file 644 TOKEN=local\n',
    src: 'folder',
    'src/app.py': 'file 644 def total(xs):\n    return sum(xs)\n',
    'src/pkg': 'folder',
    'src/pkg/__init__.py': 'file 644 ',
    docs: 'folder',
    'docs/target': 'file 644 a file, not a build folder\n',
    vendor: 'folder',
    'vendor/lib.go': 'file 644 package lib\n',
    node_modules: `link ${path.join(source, 'node_modules')}`,
    '.git': `link ${path.join(source, '.git')}`,
    '.cache': `link ${path.join(source, '.cache')}`,
    sub: 'folder',
    'sub/target': `link ${path.join(source, 'sub', 'target')}`,
    'readme-link': 'link README.md',
    'src-link': 'link src',
    dangling: 'link /nonexistent/infill-target',
  };
}

/** Runs `body` with os.tmpdir() giving `tmp`. */
function withTmpdir<T>(tmp: string, body: () => T): T {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

describe.skipIf(process.platform === 'win32')('ScratchWorkspace.create', () => {
  it('copies the files, links the tool folders to the user\'s, recreates links and leaves caches and fifos out', () => {
    const source = project();
    const workspace = scratchOf(source);
    expect(workspace.source).toBe(source);
    expect(listing(workspace.root)).toEqual(expectedCopy(source));
    // Through its links the copy reaches the user's folders themselves.
    expect(fs.readFileSync(path.join(workspace.root, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    expect(fs.realpathSync(path.join(workspace.root, 'sub/target'))).toBe(fs.realpathSync(path.join(source, 'sub/target')));
  });

  it('makes its folder in the system\'s temp folder, outside the project, realpath\'d', () => {
    const source = project();
    const workspace = scratchOf(source);
    expect(path.dirname(workspace.root)).toBe(fs.realpathSync(os.tmpdir()));
    expect(path.basename(workspace.root)).toMatch(/^infill-scratch-/);
    expect(fs.realpathSync(workspace.root)).toBe(workspace.root);
    expect(path.relative(source, workspace.root).startsWith(`..${path.sep}`)).toBe(true);
  });

  it('takes a relative path to the project and gives its absolute path', () => {
    const source = folderWith({ 'a.txt': 'a' });
    const workspace = scratchOf(path.relative(process.cwd(), source));
    expect(workspace.source).toBe(source);
    expect(listing(workspace.root)).toEqual({ 'a.txt': 'file 644 a' });
  });

  it('refuses a project the system\'s temp folder lies in (the copy would land inside it)', () => {
    const source = folderWith({ 'tmp/.keep': '' });
    expect(() => withTmpdir(path.join(source, 'tmp'), () => ScratchWorkspace.create(source))).toThrow(
      `cannot copy ${source} to a scratch folder: the system's temp folder ${fs.realpathSync(path.join(source, 'tmp'))} lies inside it`,
    );
    expect(listing(source)).toEqual({ tmp: 'folder', 'tmp/.keep': 'file 644 ' });
  });

  it('throws ScratchTooLarge past maxCopyBytes (linked folders not counted) and leaves nothing behind', () => {
    const source = project();
    const copied = Object.values(expectedCopy(source)).filter((e) => e.startsWith('file '));
    const bytes = copied.reduce((sum, e) => sum + Buffer.byteLength(e) - 'file 644 '.length, 0);
    expect(listing(scratchOf(source, { maxCopyBytes: bytes }).root)).toEqual(expectedCopy(source));

    const tmp = madeFolder('infill-scratch-tmp-');
    let thrown: unknown;
    try {
      withTmpdir(tmp, () => ScratchWorkspace.create(source, { maxCopyBytes: bytes - 1 }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScratchTooLarge);
    expect((thrown as ScratchTooLarge).message).toBe(
      `${source} holds more than ${bytes - 1} bytes of files to copy into a scratch folder (folders such as node_modules are linked, not counted)`,
    );
    expect((thrown as ScratchTooLarge).folder).toBe(source);
    expect((thrown as ScratchTooLarge).limit).toBe(bytes - 1);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('names the default limit in MiB', () => {
    expect(new ScratchTooLarge('/p', 512 * 1024 * 1024).message).toMatch(/^\/p holds more than 512 MiB of files/);
  });
});

describe.skipIf(process.platform === 'win32')('ScratchWorkspace.write and restore', () => {
  it('writes in the copy only: the user\'s tree keeps every file, text and mtime, and gains none', () => {
    const source = project();
    const before = listing(source, true);
    const workspace = scratchOf(source);
    workspace.write('src/app.py', 'def total(xs):\n    return 0\n');
    workspace.write('src/new/deeper/mod.py', 'X = 1\n');
    workspace.write('readme-link', 'not the README\n');
    workspace.write('src-link/pkg/__init__.py', 'through a link inside the copy\n');
    workspace.write('run.sh', '#!/bin/sh\necho candidate\n');

    expect(listing(source, true)).toEqual(before);
    expect(listing(workspace.root)).toEqual({
      ...expectedCopy(source),
      'src/app.py': 'file 644 def total(xs):\n    return 0\n',
      'src/new': 'folder',
      'src/new/deeper': 'folder',
      'src/new/deeper/mod.py': 'file 644 X = 1\n',
      // A link is replaced by a real file, not written through.
      'readme-link': 'file 644 not the README\n',
      'src/pkg/__init__.py': 'file 644 through a link inside the copy\n',
      // The replaced file's mode is kept.
      'run.sh': 'file 755 #!/bin/sh\necho candidate\n',
    });
  });

  it('refuses a path through a folder linked to the user\'s, or out of the copy', () => {
    const source = project();
    const before = listing(source, true);
    const workspace = scratchOf(source);
    expect(() => workspace.write('node_modules/left-pad/index.js', 'x')).toThrow(
      "node_modules/left-pad/index.js lies inside node_modules, a link to the user's own folder: writing there would change the user's files",
    );
    expect(() => workspace.write('sub/target/new/out.bin', 'x')).toThrow('lies inside sub/target, a link to the user');
    expect(() => workspace.write('dangling/x', 'x')).toThrow('lies inside dangling, a link to the user');
    expect(() => workspace.restore('.git/HEAD')).toThrow('lies inside .git, a link to the user');
    expect(() => workspace.write('../outside.txt', 'x')).toThrow('../outside.txt is not a path inside the project');
    expect(() => workspace.write(path.join(source, 'README.md'), 'x')).toThrow('is not a path inside the project');
    expect(() => workspace.write('.', 'x')).toThrow('. is not a path inside the project');
    expect(() => workspace.write('src', 'x')).toThrow('src is a folder in the scratch copy, not a file');
    expect(listing(source, true)).toEqual(before);
    expect(listing(workspace.root)).toEqual(expectedCopy(source));
  });

  it('restore puts back the user\'s file or link, and removes a new file with the folders made for it', () => {
    const source = project();
    const workspace = scratchOf(source);
    workspace.write('src/app.py', 'candidate\n');
    workspace.write('readme-link', 'candidate\n');
    workspace.write('run.sh', 'candidate\n');
    workspace.write('src/new/deeper/mod.py', 'candidate\n');
    workspace.write('src/pkg/extra.py', 'candidate\n');
    for (const rel of ['src/app.py', 'readme-link', 'run.sh', 'src/new/deeper/mod.py', 'src/pkg/extra.py']) workspace.restore(rel);
    expect(listing(workspace.root)).toEqual(expectedCopy(source));
  });

  it('restore copies a file the user added since, and leaves out what the copy left out', () => {
    const source = project();
    const workspace = scratchOf(source);
    fs.mkdirSync(path.join(source, 'later'));
    fs.writeFileSync(path.join(source, 'later', 'added.py'), 'added\n');
    fs.chmodSync(path.join(source, 'later', 'added.py'), 0o644);
    workspace.restore('later/added.py');
    workspace.write('__pycache__/app.cpython-311.pyc', 'candidate');
    workspace.restore('__pycache__/app.cpython-311.pyc');
    expect(listing(workspace.root)).toEqual({ ...expectedCopy(source), later: 'folder', 'later/added.py': 'file 644 added\n' });
  });
});

describe.skipIf(process.platform === 'win32')('ScratchWorkspace.dispose', () => {
  it('removes the copy but not the user\'s folders it linked to, and may be called again', () => {
    const source = project();
    const before = listing(source, true);
    const workspace = ScratchWorkspace.create(source);
    workspace.dispose();
    expect(fs.existsSync(workspace.root)).toBe(false);
    expect(listing(source, true)).toEqual(before);
    expect(() => workspace.dispose()).not.toThrow();
  });
});

describe.skipIf(process.platform === 'win32')('a Python test run in the copy', () => {
  /** A test that imports the candidate and a helper from a linked folder (bytecode for it would land in the user's .venv). */
  function pythonProject(): string {
    return folderWith({
      'calc.py': 'def add(a, b):\n    raise NotImplementedError\n',
      'test_calc.py': [
        'import os, sys, unittest',
        "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '.venv', 'site'))",
        'import helper',
        'from calc import add',
        '',
        'class AddTest(unittest.TestCase):',
        '    def test_add(self):',
        '        self.assertEqual(add(2, 3), helper.FIVE)',
        '',
      ].join('\n'),
      '.venv/site/helper.py': 'FIVE = 5\n',
    });
  }

  it('runs python3 -m unittest on the candidate and leaves no bytecode in the user\'s tree', async () => {
    // Whatever the environment running these tests says: Python would write bytecode.
    const ambient = process.env.PYTHONDONTWRITEBYTECODE;
    delete process.env.PYTHONDONTWRITEBYTECODE;
    onTestFinished(() => {
      if (ambient !== undefined) process.env.PYTHONDONTWRITEBYTECODE = ambient;
    });
    const source = pythonProject();
    const before = listing(source, true);
    const workspace = scratchOf(source);
    const options = { cwd: workspace.root, placeholders: { file: 'calc.py', function: 'add', root: workspace.root }, timeoutMs: 60_000, signal: new AbortController().signal };

    workspace.write('calc.py', 'def add(a, b):\n    return a + b\n');
    const passing = await runTestCommand(['python3', '-m', 'unittest'], options);
    expect(passing).toMatchObject({ passed: true, timedOut: false, exitCode: 0 });
    expect(passing.output).toMatch(/Ran 1 test.*\n\nOK\n$/s);

    workspace.restore('calc.py');
    const failing = await runTestCommand(['python3', '-m', 'unittest'], options);
    expect(failing).toMatchObject({ passed: false, timedOut: false, exitCode: 1 });
    expect(failing.output).toContain('NotImplementedError');

    expect(listing(source, true)).toEqual(before);
    expect(Object.keys(listing(workspace.root)).filter((e) => /(^|\/)(__pycache__|\.infill-pycache)$/.test(e))).toEqual([]);
  });
});
