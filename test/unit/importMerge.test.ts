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
