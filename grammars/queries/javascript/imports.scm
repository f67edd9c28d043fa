(import_statement) @import

; Re-exports: `export { x } from './y'`, `export * from './y'`. A plain
; `export const ...` has no source and is not an import.
(export_statement source: (_)) @import

; Top-level CommonJS: `const x = require('y')`, `const { a } = require('y')`, and
; TypeScript's output `const x = __importStar(require('y'))`.
; Matched on the statement text so that no extra capture is needed.
(program
  (lexical_declaration) @import
  (#match? @import "^(const|let)\\s[^=]*=\\s*(__import[A-Za-z]+\\()?require\\s*\\("))
(program
  (variable_declaration) @import
  (#match? @import "^var\\s[^=]*=\\s*(__import[A-Za-z]+\\()?require\\s*\\("))
; Side-effect requires: `require('dotenv').config();`
(program
  (expression_statement) @import
  (#match? @import "^require\\s*\\("))
