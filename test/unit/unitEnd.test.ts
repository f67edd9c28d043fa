import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentTrees } from '../../server/syntax/documentTrees';
import { GrammarRegistry } from '../../server/syntax/grammarRegistry';
import { unitEnd } from '../../server/syntax/unitEnd';

/**
 * Where an insertion runs past the unit the cursor is writing, on the tree of the document
 * with it spliced in. Each case marks the insertion with ⟦…⟧ and gives what is kept of it:
 * the insertion itself when nothing runs past the unit.
 */
const registry = new GrammarRegistry();
const trees = new DocumentTrees(registry);
let n = 0;

async function kept(language: string, marked: string): Promise<string> {
  const start = marked.indexOf('⟦');
  const end = marked.indexOf('⟧') - 1;
  const text = marked.replace(/[⟦⟧]/g, '');
  const uri = `file:///unit/${++n}`;
  trees.open(uri, language, text, 1);
  const s = (await trees.snapshot(uri, text, 1))!;
  try {
    const cut = unitEnd(s.grammar, s.tree, start, end, text);
    return text.slice(start, cut ?? end);
  } finally {
    s.dispose();
    trees.close(uri);
  }
}

describe('the end of the unit being written', () => {
  beforeAll(async () => {
    for (const id of ['python', 'rust', 'typescript', 'go']) await registry.load(registry.entries.find((e) => e.id === id)!);
  });

  it.each([
    ['python: a new function after the one at the cursor goes', 'python', 'def f(x):\n    ⟦return x\n\n\ndef extra():\n    return 1⟧\n', 'return x'],
    ['python: new top-level code goes', 'python', 'def f(x):\n    ⟦return x\n\nprint(f(1))⟧\n', 'return x'],
    ['python: a new method goes', 'python', 'class A:\n    def f(self):\n        ⟦return 1\n\n    def extra(self):\n        return 2⟧\n\n    def g(self):\n        pass\n', 'return 1'],
    ['python: the enclosing function going on after a nested one stays', 'python', 'def outer():\n    def inner():\n        ⟦return 1\n\n    return inner⟧\n', 'return 1\n\n    return inner'],
    ['python: a header whose body is below stays', 'python', 'class A:\n    def f(self):\n        ⟦return 1\n\n    def g(self):⟧\n        return 2\n', 'return 1\n\n    def g(self):'],
    ['python: a comment after the function stays', 'python', 'def f(x):\n    ⟦return x\n\n# The next one is faster.⟧\ndef g(x):\n    return x\n', 'return x\n\n# The next one is faster.'],
    ['python: a header still without its body is not judged yet', 'python', 'def f(x):\n    ⟦return x\n\n\ndef extra(value):⟧\n\n\nprint(1)\n', 'return x\n\n\ndef extra(value):'],
    ['rust: a closure’s `})` before a method chain stays', 'rust', 'fn f(v: Vec<i32>) -> Vec<i32> {\n    v.iter()\n        .map(|x| {\n            ⟦x + 1\n        })⟧\n        .collect()\n}\n', 'x + 1\n        })'],
    ['rust: a new function after the impl goes', 'rust', 'impl A {\n    fn f(&self) -> i32 {\n        ⟦1\n    }\n}\n\nfn extra() -> i32 {\n    2\n}⟧\n', '1\n    }'],
    ['rust: closing the impl and opening the next one whose body is below stays', 'rust', 'impl A {\n    fn f(&self) -> i32 {\n        ⟦1\n    }\n}\n\nimpl B {\n    fn g(&self) -> i32 {⟧\n        2\n    }\n}\n', '1\n    }\n}\n\nimpl B {\n    fn g(&self) -> i32 {'],
    ['typescript: `} else {` stays', 'typescript', 'function f(x: number): number {\n  if (x) {\n    ⟦return 1;\n  } else {⟧\n    return 2;\n  }\n}\n', 'return 1;\n  } else {'],
    ['typescript: a new method goes', 'typescript', 'class A {\n  f(): number {\n    ⟦return 1;\n  }\n\n  extra(): number {\n    return 2;\n  }⟧\n}\n', 'return 1;\n  }'],
    ['go: a new function goes', 'go', 'package p\n\nfunc f() int {\n\t⟦return 1\n}\n\nfunc extra() int {\n\treturn 2\n}⟧\n', 'return 1\n}'],
    ['python: a new function right at the end of the one at the cursor goes', 'python', 'def f():\n    return 1⟦\n\n\ndef g():\n    return 2⟧\n', ''],
    ['python: a function the insertion starts at the top level is not the unit', 'python', '⟦def h():\n    return 1\n\n\nx = 2⟧\n', 'def h():\n    return 1\n\n\nx = 2'],
    ['python: a new header whose body repeats the text after the insertion goes', 'python', 'def f(x):\n    ⟦if x:\n        pass\n\ndef g():⟧\n\n    pass  \n', 'if x:\n        pass'],
    ['python: code with errors after the unit is not judged yet', 'python', 'def f(x):\n    ⟦return x\n\n\nprint(1 +⟧\n', 'return x\n\n\nprint(1 +'],
    ['python: a statement holding a definition is not one', 'python', 'def outer():\n    def inner():\n        ⟦return 1\n\n    if True:\n        def h():\n            pass\n        h()⟧\n', 'return 1\n\n    if True:\n        def h():\n            pass\n        h()'],
    ['rust: an attribute before the next function is passed over whole', 'rust', 'mod m {\n    fn f() -> i32 {\n        ⟦1\n    }\n\n    #[inline]\n    fn extra() -> i32 {\n        2\n    }⟧\n}\n', '1\n    }'],
    ['typescript: a new method whose closing brace is the text after the insertion stays', 'typescript', 'class A {\n  f(): number {\n    ⟦return 1;\n  }\n\n  g(): number {\n    return 2;⟧\n  }\n}\n', 'return 1;\n  }\n\n  g(): number {\n    return 2;'],
  ])('%s', async (_name, language, marked, expected) => {
    expect(await kept(language, marked)).toBe(expected);
  });
});
