; File-level requires: `local json = require("dkjson")`,
; `local utils = require "lib.utils"`, `x = require('x')`, `require('setup')`.
; Recognised by the statement text so that no extra capture is needed.
((chunk (variable_declaration) @import)
  (#match? @import "^local\\s[^=]*=\\s*require\\s*[(\"'\\[]"))
((chunk (assignment_statement) @import)
  (#match? @import "^[^=]*=\\s*require\\s*[(\"'\\[]"))
((chunk (function_call) @import)
  (#match? @import "^require\\s*[(\"'\\[]"))
