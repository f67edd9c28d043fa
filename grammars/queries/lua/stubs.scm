; Functions whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments).
; A function with an empty body (`function f() end`), or with only comments,
; has no block at all (the comments are children of the function), so it is not
; matched; neither are comments before the first statement part of the block.
(function_declaration name: (identifier) @name body: (block) @body) @definition
(function_declaration name: (dot_index_expression field: (identifier) @name) body: (block) @body) @definition
(function_declaration name: (method_index_expression method: (identifier) @name) body: (block) @body) @definition

; `local f = function(...) ... end`.
(variable_declaration
  (assignment_statement
    (variable_list . name: (identifier) @name)
    (expression_list . value: (function_definition body: (block) @body)))) @definition
; `f = function(...) ... end`, `M.f = function(...) ... end`, only as direct
; statements of a block/chunk, so that the assignment inside a `local`
; declaration is not matched a second time.
(block
  (assignment_statement
    (variable_list
      . name: [
        (identifier) @name
        (dot_index_expression field: (identifier) @name)
      ])
    (expression_list . value: (function_definition body: (block) @body))) @definition)
(chunk
  (assignment_statement
    (variable_list
      . name: [
        (identifier) @name
        (dot_index_expression field: (identifier) @name)
      ])
    (expression_list . value: (function_definition body: (block) @body))) @definition)
; `{ on_done = function(x) ... end }`.
(field name: (identifier) @name value: (function_definition body: (block) @body)) @definition

; `error("not implemented")`, `error("TODO: ...", 2)`, `error "not implemented"`.
(function_call
  name: (identifier) @_error
  arguments: (arguments . (string) @_message)
  (#eq? @_error "error")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
