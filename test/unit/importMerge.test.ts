import { beforeAll, describe, expect, it } from 'vitest';
import { importsEnd, mergeImports } from '../../server/postprocess/importMerge';
import type { CodeParser } from '../../server/postprocess/reduceToBody';
import { loadParsers } from './parsers';

/**
 * The imports a fix adds, merged into the file's own (issue 11): added where the answer has
 * them or where the file's order puts them, never one of the file's removed, a from-import
 * widened in place, a Go spec into the group; in Python, JS, TS, Go and Rust.
 */
let parsers = new Map<string, CodeParser>();

beforeAll(async () => {
  parsers = await loadParsers(['python', 'javascript', 'typescript', 'go', 'rust']);
});

const merge = (language: string, file: string, answer: string) => mergeImports(file, answer, parsers.get(language)!);

describe('mergeImports', () => {
  it('Python: puts `import x` in sorted place among the plain imports, before the from-imports', () => {
    const file = 'import json\nimport sys\nfrom typing import Any\n\n\ndef f(): pass\n';
    expect(merge('python', file, 'import os\n\ndef f(): os.x()')).toBe('import json\nimport os\nimport sys\nfrom typing import Any\n\n\ndef f(): pass\n');
  });

  it('Python: widens a from-import rather than repeating it, and never removes one', () => {
    const file = 'import os\nfrom typing import Any\n\nx = 1\n';
    expect(merge('python', file, 'from typing import Any, Dict\n')).toBe('import os\nfrom typing import Any, Dict\n\nx = 1\n');
    // An answer that shows fewer imports than the file has removes none.
    expect(merge('python', file, 'import sys\n')).toBe('import os\nimport sys\nfrom typing import Any\n\nx = 1\n');
  });

  it('JavaScript: next to its neighbour in the answer, for `import` and `require`', () => {
    const file = "const fs = require('fs');\nconst path = require('path');\n\nmodule.exports = {};\n";
    expect(merge('javascript', file, "const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\n")).toBe(
      "const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\n\nmodule.exports = {};\n",
    );
    const esm = "import a from './a.js';\nimport c from './c.js';\n\nexport default a;\n";
    expect(merge('javascript', esm, "import b from './b.js';\n")).toBe("import a from './a.js';\nimport b from './b.js';\nimport c from './c.js';\n\nexport default a;\n");
  });

  it("TypeScript: TypeScript's own `__importStar(require(...))` lines count as imports", () => {
    const file = 'const vscode = __importStar(require("vscode"));\nconst features_1 = require("./features");\n\nclass A {}\n';
    expect(merge('typescript', file, 'const vscode = __importStar(require("vscode"));\nconst proto_1 = require("vscode-languageserver-protocol");\nconst features_1 = require("./features");\n')).toBe(
      'const vscode = __importStar(require("vscode"));\nconst proto_1 = require("vscode-languageserver-protocol");\nconst features_1 = require("./features");\n\nclass A {}\n',
    );
  });

  it('Go: a single `import "x"` answer joins the group, in sorted place; a group answer adds only the missing spec', () => {
    const file = 'package main\n\nimport (\n\t"fmt"\n\t"strings"\n\n\t"github.com/x/y"\n)\n\nfunc main() {}\n';
    const want = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n\n\t"github.com/x/y"\n)\n\nfunc main() {}\n';
    expect(merge('go', file, 'import "os"\n\nfunc main() {}')).toBe(want);
    expect(merge('go', file, 'import (\n\t"fmt"\n\t"os"\n)\n')).toBe(want);
  });

  it('Go: a file without imports gets one after the package clause', () => {
    expect(merge('go', 'package main\n\nfunc main() {}\n', 'import "os"\n')).toBe('package main\n\nimport "os"\n\nfunc main() {}\n');
  });

  it('Rust: among the `use` lines that share the most of its path, sorted', () => {
    const file = 'use std::fmt;\nuse std::io;\n\nuse crate::a::Alpha;\nuse crate::a::Gamma;\n\nfn main() {}\n';
    expect(merge('rust', file, 'use crate::a::Beta;\n')).toBe('use std::fmt;\nuse std::io;\n\nuse crate::a::Alpha;\nuse crate::a::Beta;\nuse crate::a::Gamma;\n\nfn main() {}\n');
    expect(merge('rust', file, 'use std::collections::HashMap;\n')).toBe('use std::collections::HashMap;\nuse std::fmt;\nuse std::io;\n\nuse crate::a::Alpha;\nuse crate::a::Gamma;\n\nfn main() {}\n');
  });

  it('a file without imports gets one below its opening comments and docstring, or at the top', () => {
    expect(merge('python', '"""Shop."""\n\n\ndef f():\n    return os.sep\n', 'import os\n')).toBe('"""Shop."""\n\nimport os\n\n\ndef f():\n    return os.sep\n');
    expect(merge('python', '#!/usr/bin/env python3\n# A tool.\n"""Many\nlines."""\nx = 1\n', 'import os\n')).toBe('#!/usr/bin/env python3\n# A tool.\n"""Many\nlines."""\n\nimport os\n\nx = 1\n');
    expect(merge('javascript', "'use strict';\n/* c */\nmodule.exports = 1;\n", "const fs = require('fs');\n")).toBe("'use strict';\n/* c */\n\nconst fs = require('fs');\n\nmodule.exports = 1;\n");
    expect(merge('python', 'x = 1\n', 'import os\n')).toBe('import os\n\nx = 1\n');
  });

  it('leaves the file as it is when the answer adds nothing', () => {
    const file = 'import os\n\nx = 1\n';
    expect(merge('python', file, 'def f():\n    return 1\n')).toBe(file);
    expect(merge('python', file, 'import os\n')).toBe(file);
  });

  it('says where a new import goes: after the last one, a Go group included', () => {
    const go = 'package main\n\nimport (\n\t"fmt"\n)\n\nfunc main() {}\n';
    expect(go.slice(0, importsEnd(go, parsers.get('go')!))).toBe('package main\n\nimport (\n\t"fmt"\n)\n');
    expect(importsEnd('x = 1\n', parsers.get('python')!)).toBe(0);
  });
});

/** [what it shows, language, file, answer, merged file]: one behaviour each, most of them on the edge the rule draws. */
const mergeCases: [string, string, string, string, string][] = [
  // Neighbours in the answer: the one on the same run of lines, else the nearest before.
  ['after the neighbour it follows without a gap', 'python', 'import os\nimport sys\n\nfrom x import y\n\nz = 1\n', 'import sys\nimport json\nfrom x import y\n', 'import os\nimport sys\nimport json\n\nfrom x import y\n\nz = 1\n'],
  ['before the neighbour it precedes without a gap', 'python', 'import os\nimport sys\n\nfrom x import y\n\nz = 1\n', 'import sys\n\nimport json\nfrom x import y\n', 'import os\nimport sys\n\nimport json\nfrom x import y\n\nz = 1\n'],
  ['after the nearest neighbour before it', 'python', 'import os\n\nimport sys\n\nz = 1\n', 'import os\nimport sys\nimport json\n', 'import os\n\nimport sys\nimport json\n\nz = 1\n'],
  ['before the nearest neighbour after it', 'python', 'import sys\n\nimport os\n\nz = 1\n', 'import json\nimport os\nimport sys\n', 'import sys\n\nimport json\nimport os\n\nz = 1\n'],
  ['before its only neighbour', 'python', 'import sys\n\nimport os\n\nz = 1\n', 'import zz\nimport os\n', 'import sys\n\nimport zz\nimport os\n\nz = 1\n'],
  ['after the neighbour before it when it touches neither', 'python', 'import os\nimport sys\n\nfrom x import y\n\nz = 1\n', 'import sys\n\nimport json\n\nfrom x import y\n', 'import os\nimport sys\nimport json\n\nfrom x import y\n\nz = 1\n'],
  // Go: a spec takes the form of where it goes.
  ['Go: after a single import, as a single import', 'go', 'package main\n\nimport "fmt"\n\nfunc main() {}\n', 'import "os"\n', 'package main\n\nimport "fmt"\nimport "os"\n\nfunc main() {}\n'],
  ['Go: into the group rather than beside a single import', 'go', 'package main\n\nimport "fmt"\nimport (\n\t"strings"\n)\n\nfunc main() {}\n', 'import "os"\n', 'package main\n\nimport "fmt"\nimport (\n\t"os"\n\t"strings"\n)\n\nfunc main() {}\n'],
  ['Go: a spec from a group becomes `import "x"` in a file without imports', 'go', 'package main\n\nfunc main() {}\n', 'import (\n\t"os"\n)\n', 'package main\n\nimport "os"\n\nfunc main() {}\n'],
  ['Go: a grouped spec is the single import of the same path', 'go', 'package main\n\nimport "os"\n\nfunc main() {}\n', 'import (\n\t"os"\n)\n', 'package main\n\nimport "os"\n\nfunc main() {}\n'],
  ['Go: a comment in a group is no spec', 'go', 'package main\n\nimport (\n\t"fmt"\n\t"strings"\n\t// zz\n)\n', 'import "os"\n', 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n\t// zz\n)\n'],
  ['Go: a raw-string path sorts by its text', 'go', 'package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n', 'import `os`\n', 'package main\n\nimport (\n\t`os`\n\t"fmt"\n\t"strings"\n)\n'],
  ['Go: a comment inside a single import is kept, the spec is the same', 'go', 'package main\n\nimport /* c */ "fmt"\n\nfunc main() {}\n', 'import "fmt"\n', 'package main\n\nimport /* c */ "fmt"\n\nfunc main() {}\n'],
  ['Go: a comment inside the answer\'s single import', 'go', 'package main\n\nimport "fmt"\n\nfunc main() {}\n', 'import /* c */ "fmt"\n', 'package main\n\nimport "fmt"\n\nfunc main() {}\n'],
  // The file's order.
  ['Python: `import x` goes before a run of from-imports', 'python', 'from a import b\nfrom c import d\n\nx = 1\n', 'import os\n', 'import os\nfrom a import b\nfrom c import d\n\nx = 1\n'],
  ['Python: a from-import among the from-imports, sorted', 'python', 'import os\nimport sys\nfrom a import b\nfrom c import d\n\nx = 1\n', 'from b import c\n', 'import os\nimport sys\nfrom a import b\nfrom b import c\nfrom c import d\n\nx = 1\n'],
  ['Python: a from-import goes with the from-imports, though an `import` shares more of its path', 'python', 'import os.path\nimport sys\n\nfrom a import b\nfrom c import d\n\nx = 1\n', 'from os.path import join\n', 'import os.path\nimport sys\n\nfrom a import b\nfrom c import d\nfrom os.path import join\n\nx = 1\n'],
  ['Python: `import x` before the whole run of from-imports, not before the one most like it', 'python', 'from z import q\n\nfrom a import b\nfrom os import path\n\nx = 1\n', 'import os\n', 'from z import q\n\nimport os\nfrom a import b\nfrom os import path\n\nx = 1\n'],
  ['Python: `import x` before a run of from-imports, however long', 'python', 'from a import b\nfrom c import d\nfrom os import path\n\nx = 1\n', 'import os\n', 'import os\nfrom a import b\nfrom c import d\nfrom os import path\n\nx = 1\n'],
  ['Python: `import x` before a run of from-imports that opens the file', 'python', 'from a import b\nfrom os import path\n\nx = 1\n', 'import os\n', 'import os\nfrom a import b\nfrom os import path\n\nx = 1\n'],
  ['Python: a from-import after a run of plain imports', 'python', 'import os\nimport sys\n\nx = 1\n', 'from a import b\n', 'import os\nimport sys\nfrom a import b\n\nx = 1\n'],
  ['sorted, last: at the end of the whole run', 'python', 'import a\nimport b\nimport c\nimport d\n\nx = 1\n', 'import e\n', 'import a\nimport b\nimport c\nimport d\nimport e\n\nx = 1\n'],
  ['sorted with equal keys: before the first greater one', 'python', 'import oa\nimport oa as x\nimport oc\n', 'import ob\n', 'import oa\nimport oa as x\nimport ob\nimport oc\n'],
  ['unsorted kin: after the last of them', 'python', 'import sys\nimport os.walk\nimport os.path\nimport collections\n\nx = 1\n', 'import os.sep\n', 'import sys\nimport os.walk\nimport os.path\nimport os.sep\nimport collections\n\nx = 1\n'],
  ['unsorted, sharing nothing: at the end of the run', 'python', 'import sys\nimport os\n\nx = 1\n', 'import json\n', 'import sys\nimport os\nimport json\n\nx = 1\n'],
  ['unsorted: after the entry that shares the most of its path', 'python', 'import sys\nimport os.path\nimport collections\n\nx = 1\n', 'import os.sep\n', 'import sys\nimport os.path\nimport os.sep\nimport collections\n\nx = 1\n'],
  ['sorted: after an entry of the same key', 'python', 'import json\nimport os as o\nimport sys\n\nx = 1\n', 'import os\n', 'import json\nimport os as o\nimport os\nimport sys\n\nx = 1\n'],
  ['sorted with equal keys: after them', 'python', 'import json\nimport os\nimport os as o\nimport sys\n\nx = 1\n', 'import os as p\n', 'import json\nimport os\nimport os as o\nimport os as p\nimport sys\n\nx = 1\n'],
  ['JavaScript: sorted by path, not by name', 'javascript', "import z from './a.js';\nimport y from './c.js';\n", "import x from './b.js';\n", "import z from './a.js';\nimport x from './b.js';\nimport y from './c.js';\n"],
  ['Rust: `pub use` sorted by path', 'rust', 'use std::fmt;\nuse std::io;\n\npub use crate::a::A;\npub use crate::a::C;\n', 'pub use crate::a::B;\n', 'use std::fmt;\nuse std::io;\n\npub use crate::a::A;\npub use crate::a::B;\npub use crate::a::C;\n'],
  ['Rust: `pub(crate) use` sorted by path', 'rust', 'use std::fmt;\nuse std::io;\n\npub(crate) use crate::a::A;\npub(crate) use crate::a::C;\n', 'pub(crate) use crate::a::B;\n', 'use std::fmt;\nuse std::io;\n\npub(crate) use crate::a::A;\npub(crate) use crate::a::B;\npub(crate) use crate::a::C;\n'],
  ['Rust: `pub  use` with two spaces, sorted by path', 'rust', 'pub  use crate::a::A;\npub  use crate::a::C;\n', 'pub  use crate::a::B;\n', 'pub  use crate::a::A;\npub  use crate::a::B;\npub  use crate::a::C;\n'],
  ['Rust: `extern crate` sorted by name', 'rust', 'extern crate alpha;\nextern crate gamma;\n', 'extern crate beta;\n', 'extern crate alpha;\nextern crate beta;\nextern crate gamma;\n'],
  ['Rust: `extern  crate` with two spaces', 'rust', 'extern  crate alpha;\nextern  crate gamma;\n', 'extern  crate beta;\n', 'extern  crate alpha;\nextern  crate beta;\nextern  crate gamma;\n'],
  ['Rust: `use  x` with two spaces', 'rust', 'use  std::a;\nuse  std::c;\n', 'use  std::b;\n', 'use  std::a;\nuse  std::b;\nuse  std::c;\n'],
  // Which entries count.
  ["an import inside a function is not the file's", 'python', 'def f():\n    import json\n    return json\n', 'import json\n', 'import json\n\ndef f():\n    import json\n    return json\n'],
  ['a file that starts with a blank line', 'python', '\nimport os\n\nx = 1\n', 'import json\n', '\nimport json\nimport os\n\nx = 1\n'],
  ['after an import of several lines, as a whole', 'python', 'from a import (\n    b,\n    c,\n)\nx = 1\n', 'import os\n', 'import os\nfrom a import (\n    b,\n    c,\n)\nx = 1\n'],
  ['the same import, spaced otherwise', 'python', 'import  os\n', 'import os\n', 'import  os\n'],
  // Widening: in place, only a one-line entry to a one-line entry from the same source naming all it names.
  ["JavaScript: the answer's spacing of the same names replaces the line", 'javascript', "import {a,b} from 'x';\n", "import {a, b} from 'x';\n", "import {a, b} from 'x';\n"],
  ['not a multi-line import', 'python', 'from a import (\n    b,\n)\nx = 1\n', 'from a import b, c\n', 'from a import (\n    b,\n)\nfrom a import b, c\nx = 1\n'],
  ['not to a multi-line import', 'python', 'from a import b\nx = 1\n', 'from a import (\n    b,\n    c,\n)\n', 'from a import b\nfrom a import (\n    b,\n    c,\n)\nx = 1\n'],
  ['not a plain import (no source)', 'python', 'import os\nx = 1\n', 'import os, sys\n', 'import os\nimport os, sys\nx = 1\n'],
  ['not from another source', 'python', 'from a import x\ny = 1\n', 'from b import a, x\n', 'from a import x\nfrom b import a, x\ny = 1\n'],
  ['not without the names it has', 'python', 'from x import a\ny = 1\n', 'from x import b\n', 'from x import a\nfrom x import b\ny = 1\n'],
  ['not when a name is only a prefix', 'python', 'from x import ab\ny = 1\n', 'from x import abc, d\n', 'from x import ab\nfrom x import abc, d\ny = 1\n'],
  ['not when one name of several is missing', 'python', 'from x import a, b\ny = 1\n', 'from x import a, c\n', 'from x import a, b\nfrom x import a, c\ny = 1\n'],
  ['JavaScript: names in another order', 'javascript', "import {a} from 'xy';\n", "import {b, a} from 'xy';\n", "import {b, a} from 'xy';\n"],
  ['Python: two spaces after `from`', 'python', 'from  x import a\ny = 1\n', 'from  x import a, b\n', 'from  x import a, b\ny = 1\n'],
  ['Python: two spaces before `import`', 'python', 'from x  import a\ny = 1\n', 'from x  import a, b\n', 'from x  import a, b\ny = 1\n'],
  ['JavaScript: two spaces after `from`', 'javascript', "import {a} from  'xy';\n", "import {a, b} from  'xy';\n", "import {a, b} from  'xy';\n"],
  ['Rust: a `use a::{...}` list', 'rust', 'use std::io::{Read};\n', 'use std::io::{Read, Write};\n', 'use std::io::{Read, Write};\n'],
  ['Rust: a `pub use` list', 'rust', 'pub use std::io::{Read};\n', 'pub use std::io::{Read, Write};\n', 'pub use std::io::{Read, Write};\n'],
  ['Rust: `pub  use` with two spaces', 'rust', 'pub  use std::io::{Read};\n', 'pub  use std::io::{Read, Write};\n', 'pub  use std::io::{Read, Write};\n'],
  ['Rust: `use  x` list with two spaces', 'rust', 'use  std::io::{Read};\n', 'use  std::io::{Read, Write};\n', 'use  std::io::{Read, Write};\n'],
  ['Rust: not a `pub(crate) use` list (added before it, by path)', 'rust', 'pub(crate) use std::io::{Read};\n', 'pub(crate) use std::io::{Read, Write};\n', 'pub(crate) use std::io::{Read, Write};\npub(crate) use std::io::{Read};\n'],
  // A file without imports: below its header.
  ['a code line with a comment is no header', 'python', 'x = 1 # c\n', 'import os\n', 'import os\n\nx = 1 # c\n'],
  ['a code line with a docstring-like string is no header', 'python', 'x = """a"""\ny = 2\n', 'import os\n', 'import os\n\nx = """a"""\ny = 2\n'],
  ['a file that is all header, without a last newline', 'python', '# c', 'import os\n', '# c\n\nimport os\n\n'],
  ['a file that is all header', 'python', '# c\n', 'import os\n', '# c\n\nimport os\n\n'],
  ['right after the header, above a line of spaces', 'python', '# c\n   \nx = 1\n', 'import os\n', '# c\n\nimport os\n\n   \nx = 1\n'],
  ['below a docstring of several lines', 'python', '"""\nDoc\nmore\n"""\nx = 1\n', 'import os\n', '"""\nDoc\nmore\n"""\n\nimport os\n\nx = 1\n'],
  ["below a '''docstring'''", 'python', "'''\nDoc\n'''\nx = 1\n", 'import os\n', "'''\nDoc\n'''\n\nimport os\n\nx = 1\n"],
  ['below comments with a blank line between', 'python', '# a\n\n# b\nx = 1\n', 'import os\n', '# a\n\n# b\n\nimport os\n\nx = 1\n'],
  ['below an indented comment', 'python', '# a\n  # b\nx = 1\n', 'import os\n', '# a\n  # b\n\nimport os\n\nx = 1\n'],
  ['JavaScript: below a block comment of several lines', 'javascript', '/*\n * a\n */\nconst x = 1;\n', "const fs = require('fs');\n", "/*\n * a\n */\n\nconst fs = require('fs');\n\nconst x = 1;\n"],
];

describe('mergeImports, case by case', () => {
  it.each(mergeCases)('%s (%s)', (_what, language, file, answer, expected) => {
    expect(merge(language, file, answer)).toBe(expected);
  });

  it('leaves the file as it is when it or the answer cannot be parsed', () => {
    const python = parsers.get('python')!;
    const file = 'import os\n\nx = 1\n';
    expect(mergeImports(file, 'import sys\n', () => undefined)).toBe(file);
    // The answer parses; the file does not.
    let calls = 0;
    expect(mergeImports(file, 'import sys\n', (code) => (calls++ === 0 ? python(code) : undefined))).toBe(file);
  });
});

describe('importsEnd', () => {
  it.each([
    ['python', 'import os\nimport sys\n\nx=1', 'import os\nimport sys\n'],
    ['python', 'x = "package "\n', ''],
    ['python', 'from a import (\n  b,\n)\nx = 1\n', 'from a import (\n  b,\n)\n'],
    ['python', '\nimport os\nx = 1\n', '\nimport os\n'],
    ['go', 'package main\n', 'package main\n'],
    ['go', 'package main\n\nimport "os"\nimport (\n\t"fmt"\n)\nfunc main() {}\n', 'package main\n\nimport "os"\nimport (\n\t"fmt"\n)\n'],
    ['go', 'package main\n\nimport (\n\t"fmt")\nfunc main() {}\n', 'package main\n\nimport (\n\t"fmt")\n'],
    ['go', 'package main\n\nimport (\n\t"fmt"\n\t)\nfunc main() {}\n', 'package main\n\nimport (\n\t"fmt"\n\t)\n'],
    ['go', 'package main\n\nimport "fmt"\n)\n', 'package main\n\nimport "fmt"\n'],
    ['go', 'package main\n\nimport (\n\t"fmt"\n)\nimport "os"\n)\n', 'package main\n\nimport (\n\t"fmt"\n)\nimport "os"\n'],
    ['javascript', '#!/usr/bin/env node\nx = 1\n', '#!/usr/bin/env node\n'],
  ])('%s: %j', (language, file, before) => {
    expect(file.slice(0, importsEnd(file, parsers.get(language)!))).toBe(before);
  });

  it('without a parse, after a first line that must stay first', () => {
    expect(importsEnd('package main\n\nfunc main() {}\n', () => undefined)).toBe(13);
    expect(importsEnd('<?php\necho 1;\n', () => undefined)).toBe(6);
    expect(importsEnd('x = 1\n', () => undefined)).toBe(0);
  });
});
