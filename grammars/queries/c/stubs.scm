; Functions whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments), or nothing. The name sits
; in the function_declarator, wrapped in a pointer_declarator per `*` of the
; return type.
(function_definition
  declarator: (function_declarator declarator: (identifier) @name)
  body: (compound_statement) @body) @definition
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (identifier) @name))
  body: (compound_statement) @body) @definition
(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator declarator: (identifier) @name)))
  body: (compound_statement) @body) @definition

; `assert(!"not implemented");`
(expression_statement
  (call_expression
    function: (identifier) @_assert
    arguments: (argument_list
      .
      (unary_expression operator: "!" argument: (string_literal) @_message)))
  (#eq? @_assert "assert")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

; `assert(0 && "not implemented");`, `assert(false && "TODO");`
(expression_statement
  (call_expression
    function: (identifier) @_assert
    arguments: (argument_list
      .
      (binary_expression left: (_) @_false operator: "&&" right: (string_literal) @_message)))
  (#eq? @_assert "assert")
  (#match? @_false "^(0|false)$")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
