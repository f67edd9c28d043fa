; Methods and constructors whose body may be a stub. The code checks that the
; body holds only comments and @stub statements (or @todo comments), or nothing.
(method_declaration name: (identifier) @name body: (block) @body) @definition
(constructor_declaration name: (identifier) @name body: (constructor_body) @body) @definition
(compact_constructor_declaration name: (identifier) @name body: (block) @body) @definition
; Lambdas with block bodies assigned to a local or a field (`Runnable task = () -> {`).
(local_variable_declaration
  declarator: (variable_declarator name: (identifier) @name value: (lambda_expression body: (block) @body))) @definition
(field_declaration
  declarator: (variable_declarator name: (identifier) @name value: (lambda_expression body: (block) @body))) @definition

; `throw new UnsupportedOperationException(...)` (any arguments), also
; `java.lang.UnsupportedOperationException` and commons-lang's NotImplementedException.
(throw_statement
  (object_creation_expression
    type: [(type_identifier) @_type (scoped_type_identifier (type_identifier) @_type .)])
  (#any-of? @_type "UnsupportedOperationException" "NotImplementedException")) @stub

; `throw new RuntimeException("not implemented")` and the like: a general
; exception whose message says so.
(throw_statement
  (object_creation_expression
    type: [(type_identifier) @_type (scoped_type_identifier (type_identifier) @_type .)]
    arguments: (argument_list . (string_literal) @_message))
  (#any-of? @_type "RuntimeException" "IllegalStateException" "Error" "AssertionError" "Exception")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

([(line_comment) (block_comment)] @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
