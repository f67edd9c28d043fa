; Functions and methods whose body may be a stub. The code checks that the body
; holds only comments and @stub statements (or @todo comments), or nothing. The
; name is whatever the function_declarator names: `f`, `area` (inside a class),
; `Shape::area`, `~Shape`, `operator==`. One `*`/`&` on the return type wraps
; the function_declarator in a pointer_declarator/reference_declarator.
;
; The `.` between declarator and body leaves out constructors with a member
; initializer list (`Point(int x) : x_(x) {}`): their empty body is not a stub.
(function_definition
  declarator: (function_declarator declarator: (_) @name)
  .
  body: (compound_statement) @body) @definition
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator declarator: (_) @name))
  .
  body: (compound_statement) @body) @definition
(function_definition
  declarator: (reference_declarator
    (function_declarator declarator: (_) @name))
  .
  body: (compound_statement) @body) @definition
; Lambdas bound to a variable (`auto square = [](double v) {`).
(declaration
  declarator: (init_declarator
    declarator: (identifier) @name
    value: (lambda_expression body: (compound_statement) @body))) @definition

; `throw std::logic_error("not implemented");`, `std::runtime_error`, with or
; without `std::`, with parentheses or braces.
(throw_statement
  (call_expression
    function: [(identifier) @_error (qualified_identifier name: (identifier) @_error)]
    arguments: (argument_list . (string_literal) @_message))
  (#any-of? @_error "logic_error" "runtime_error")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub
(throw_statement
  (compound_literal_expression
    type: [(type_identifier) @_error (qualified_identifier name: (type_identifier) @_error)]
    value: (initializer_list . (string_literal) @_message))
  (#any-of? @_error "logic_error" "runtime_error")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

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
