; Functions whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments), or nothing.
;
; A Go block holds its statements in one statement_list child; comments before
; the first and after the last statement are children of the block itself. So
; @body is the statement_list when there is one, and the block when it holds
; only comments or nothing (`{}`, `{ // TODO }`), which the #match? checks.
; Each function kind therefore has two patterns that never match together.
(function_declaration name: (identifier) @name body: (block (statement_list) @body)) @definition
((function_declaration name: (identifier) @name body: (block) @body) @definition
  (#match? @body "^\\{(\\s|//[^\\n]*|/\\*([^*]|\\*+[^*/])*\\*+/)*\\}$"))
(method_declaration name: (field_identifier) @name body: (block (statement_list) @body)) @definition
((method_declaration name: (field_identifier) @name body: (block) @body) @definition
  (#match? @body "^\\{(\\s|//[^\\n]*|/\\*([^*]|\\*+[^*/])*\\*+/)*\\}$"))

; Function literals bound to one name: `f := func() {`, `var f = func() {`, `f = func() {`.
(short_var_declaration
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (func_literal body: (block (statement_list) @body)) .)) @definition
((short_var_declaration
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (func_literal body: (block) @body) .)) @definition
  (#match? @body "^\\{(\\s|//[^\\n]*|/\\*([^*]|\\*+[^*/])*\\*+/)*\\}$"))
(var_spec
  name: (identifier) @name .
  value: (expression_list . (func_literal body: (block (statement_list) @body)) .)) @definition
((var_spec
  name: (identifier) @name .
  value: (expression_list . (func_literal body: (block) @body) .)) @definition
  (#match? @body "^\\{(\\s|//[^\\n]*|/\\*([^*]|\\*+[^*/])*\\*+/)*\\}$"))
(assignment_statement
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (func_literal body: (block (statement_list) @body)) .)) @definition
((assignment_statement
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (func_literal body: (block) @body) .)) @definition
  (#match? @body "^\\{(\\s|//[^\\n]*|/\\*([^*]|\\*+[^*/])*\\*+/)*\\}$"))

; `panic("not implemented")`, `panic("TODO")`, `panic("implement me")`...: a
; panic whose message says so.
(expression_statement
  (call_expression
    function: (identifier) @_panic
    arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @_message))
  (#eq? @_panic "panic")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

; `panic(errors.New("not implemented"))`, `panic(fmt.Errorf("TODO: %s", x))`.
(expression_statement
  (call_expression
    function: (identifier) @_panic
    arguments: (argument_list
      .
      (call_expression
        function: (selector_expression) @_ctor
        arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @_message))))
  (#eq? @_panic "panic")
  (#match? @_ctor "^(errors\\.New|fmt\\.Errorf|fmt\\.Sprintf)$")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

; `panic(ErrNotImplemented)`, `panic(errs.ErrUnimplemented)`.
(expression_statement
  (call_expression
    function: (identifier) @_panic
    arguments: (argument_list . [(identifier) (selector_expression)] @_error))
  (#eq? @_panic "panic")
  (#match? @_error "(NotImplemented|Unimplemented)$")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
