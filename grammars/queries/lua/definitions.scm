; `function f()`, `local function f()`, `function M.f()`, `function M:f()`:
; @name is the last identifier (`f`).
(function_declaration name: (identifier) @name) @definition
(function_declaration name: (dot_index_expression field: (identifier) @name)) @definition
(function_declaration name: (method_index_expression method: (identifier) @name)) @definition

; `local f = function(...) ... end` at file level (inside a function it is a
; local helper) and `M.f = function(...) ... end` anywhere.
(chunk
  (variable_declaration
    (assignment_statement
      (variable_list . name: (identifier) @name)
      (expression_list . value: (function_definition)))) @definition)
; Plain assignments only as direct statements of a block/chunk, so that the
; assignment inside a `local` declaration is not matched a second time.
(block
  (assignment_statement
    (variable_list
      . name: [
        (identifier) @name
        (dot_index_expression field: (identifier) @name)
      ])
    (expression_list . value: (function_definition))) @definition)
(chunk
  (assignment_statement
    (variable_list
      . name: [
        (identifier) @name
        (dot_index_expression field: (identifier) @name)
      ])
    (expression_list . value: (function_definition))) @definition)

; File-level UPPER_CASE locals are the constants.
((chunk
  (variable_declaration
    (assignment_statement
      (variable_list name: (identifier) @name))) @definition)
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
