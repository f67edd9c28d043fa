import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInside } from './insideFolder';

/**
 * Large or tool-owned folders (dependencies, build output, version control): linked to the
 * user's, not copied, so a copy stays cheap and the tests still find what they import.
 */
const LINKED = new Set(['node_modules', 'target', '.venv', 'venv', '.git', '.hg', '.svn', '.tox', '.nox', '.gradle', '.m2', '.cache']);

/** Caches a test run writes into: left out, since through a link the run would write into the user's. */
const SKIPPED = new Set(['__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache']);

const DEFAULT_MAX_COPY_BYTES = 512 * 1024 * 1024;

/** Thrown by `ScratchWorkspace.create` when the files to copy (linked folders not counted) exceed the limit. */
export class ScratchTooLarge extends Error {
  constructor(
    readonly folder: string,
    readonly limit: number,
  ) {
    super(`${folder} holds more than ${describeBytes(limit)} of files to copy into a scratch folder (folders such as node_modules are linked, not counted)`);
    this.name = 'ScratchTooLarge';
  }
}

/**
 * A copy of a project folder in the system's temp folder, in which one file can hold a
 * candidate: the user's test suite runs there against model-written code without the
 * user's working tree ever changing.
 */
export class ScratchWorkspace {
  private constructor(
    /** The scratch folder (absolute, realpath'd). */
    readonly root: string,
    /** The user's folder (absolute). */
    readonly source: string,
  ) {}

  /**
   * Copies `source` (a project root) into a fresh folder under os.tmpdir(): folders are
   * recreated, files copied (a free clone where the filesystem can), links recreated with
   * the same target, the LINKED folders linked to the user's and the SKIPPED ones left out.
   * Entries that vanish or cannot be read while copying are left out too (a test run as the
   * same user could not read them either). Nothing is left behind when it fails.
   */
  static create(source: string, options: { maxCopyBytes?: number } = {}): ScratchWorkspace {
    const from = path.resolve(source);
    if (!fs.statSync(from).isDirectory()) throw new Error(`${from} is not a folder`);
    const tmp = fs.realpathSync(os.tmpdir());
    const realFrom = fs.realpathSync(from);
    // Otherwise the copy would land inside the folder it copies.
    if (tmp === realFrom || isInside(tmp, realFrom)) throw new Error(`cannot copy ${from} to a scratch folder: the system's temp folder ${tmp} lies inside it`);
    const workspace = new ScratchWorkspace(fs.mkdtempSync(path.join(tmp, 'infill-scratch-')), from);
    try {
      const copier = new Copier(from, workspace.root, options.maxCopyBytes ?? DEFAULT_MAX_COPY_BYTES);
      copier.copy(entriesOf(from));
    } catch (e) {
      workspace.dispose();
      throw e;
    }
    return workspace;
  }

  /**
   * Writes `text` as the file at `relPath` (relative to the root, may be new, its folders
   * created) in the copy only. A link there is replaced by a real file, never written
   * through; a path through a linked folder is refused, since it would write into the
   * user's tree. The file keeps the mode of the one it replaces.
   */
  write(relPath: string, text: string): void {
    const target = this.pathFor(relPath);
    const old = lstatOf(target);
    if (old?.isDirectory()) throw new Error(`${relPath} is a folder in the scratch copy, not a file`);
    if (old) fs.unlinkSync(target);
    fs.writeFileSync(target, text, { mode: old?.isFile() ? old.mode & 0o7777 : 0o666 });
  }

  /**
   * Puts the user's entry at `relPath` back as `create` copied or linked it, or removes the
   * copy's if the user has none (with the folders `write` created for it).
   */
  restore(relPath: string): void {
    const target = this.pathFor(relPath);
    fs.rmSync(target, { recursive: true, force: true });
    const rel = path.relative(this.root, target);
    if (this.copies(rel)) new Copier(this.source, this.root, Infinity).copy([rel]);
    else this.pruneFolders(path.dirname(target));
  }

  /** Removes the scratch folder (idempotent, never throws); links in it are removed, not followed. */
  dispose(): void {
    try {
      fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Best effort: the system cleans its temp folder.
    }
  }

  /**
   * The copy's path for `relPath`, checked to stay in the copy: a folder on the way that is
   * a link must lead to a folder inside the copy. Missing folders are created, each only
   * once the path to it is checked.
   */
  private pathFor(relPath: string): string {
    const target = path.resolve(this.root, relPath);
    if (!isInside(target, this.root)) throw new Error(`${relPath} is not a path inside the project`);
    let dir = this.root;
    for (const part of path.relative(this.root, target).split(path.sep).slice(0, -1)) {
      dir = path.join(dir, part);
      const stat = lstatOf(dir);
      if (!stat) fs.mkdirSync(dir);
      else if (stat.isSymbolicLink() && !this.leadsInside(dir)) {
        throw new Error(`${relPath} lies inside ${path.relative(this.root, dir)}, a link to the user's own folder: writing there would change the user's files`);
      }
    }
    return target;
  }

  /** Whether a link in the copy leads to a folder inside it (a project's own relative link). */
  private leadsInside(link: string): boolean {
    try {
      const real = fs.realpathSync(link);
      return real === this.root || isInside(real, this.root);
    } catch {
      return false;
    }
  }

  /** Whether `create` copies or links something to `rel`: the user has it, and not in a folder left out. */
  private copies(rel: string): boolean {
    return !rel.split(path.sep).some((part) => SKIPPED.has(part)) && tolerate(() => lstatOf(path.join(this.source, rel))) !== undefined;
  }

  /** Removes the empty folders from `dir` up that the copy would not have (made for a new file). */
  private pruneFolders(dir: string): void {
    while (isInside(dir, this.root) && !this.copies(path.relative(this.root, dir))) {
      try {
        fs.rmdirSync(dir);
      } catch {
        return;
      }
      dir = path.dirname(dir);
    }
  }
}

/** Copies entries (paths relative to both roots) from the user's folder to the copy, folders with everything in them, never following a link. */
class Copier {
  private copiedBytes = 0;

  constructor(
    private readonly from: string,
    private readonly to: string,
    private readonly maxBytes: number,
  ) {}

  copy(rels: string[]): void {
    const pending = [...rels];
    while (pending.length > 0) {
      const rel = pending.pop()!;
      if (this.place(rel)) pending.push(...entriesOf(path.join(this.from, rel)).map((name) => path.join(rel, name)));
    }
  }

  /** Puts one entry in the copy; true for a folder whose entries are to be copied next. */
  private place(rel: string): boolean {
    const src = path.join(this.from, rel);
    const dst = path.join(this.to, rel);
    const name = path.basename(rel);
    const stat = tolerate(() => lstatOf(src));
    if (!stat || SKIPPED.has(name)) return false;
    if (stat.isSymbolicLink()) {
      tolerate(() => fs.symlinkSync(fs.readlinkSync(src), dst));
    } else if (stat.isDirectory()) {
      if (LINKED.has(name)) fs.symlinkSync(src, dst, process.platform === 'win32' ? 'junction' : 'dir');
      else fs.mkdirSync(dst);
      return !LINKED.has(name);
    } else if (stat.isFile()) {
      this.copiedBytes += stat.size;
      if (this.copiedBytes > this.maxBytes) throw new ScratchTooLarge(this.from, this.maxBytes);
      // copyFileSync keeps the mode (executable scripts); a clone costs nothing on CoW filesystems.
      tolerate(() => fs.copyFileSync(src, dst, fs.constants.COPYFILE_FICLONE));
    }
    // Sockets, fifos and devices are left out.
    return false;
  }
}

/** The names in a folder; none where it vanished or cannot be read. */
function entriesOf(dir: string): string[] {
  return tolerate(() => fs.readdirSync(dir)) ?? [];
}

function lstatOf(file: string): fs.Stats | undefined {
  return fs.lstatSync(file, { throwIfNoEntry: false });
}

/** Runs `read` on the user's tree, giving undefined where an entry vanished or cannot be read. */
function tolerate<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return undefined;
    throw e;
  }
}

function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 && Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
