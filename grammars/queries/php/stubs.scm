; Functions, methods and closures whose body may be a stub. The code checks that
; the body holds only comments and @stub statements (or @todo comments), or nothing.
(function_definition name: (name) @name body: (compound_statement) @body) @definition
(method_declaration name: (name) @name body: (compound_statement) @body) @definition
; Closures assigned to a variable (`$clean = function (string $s) {`).
(expression_statement
  (assignment_expression
    left: (variable_name (name) @name)
    right: (anonymous_function body: (compound_statement) @body))) @definition

; `throw new \BadMethodCallException(...)` (any arguments), also without the
; leading `\` or namespaced.
(expression_statement
  (throw_expression
    (object_creation_expression [(name) @_class (qualified_name (name) @_class .)]))
  (#eq? @_class "BadMethodCallException")) @stub

; `throw new \Exception('Not implemented')`, `\LogicException`,
; `\RuntimeException`...: a general exception whose message says so.
(expression_statement
  (throw_expression
    (object_creation_expression
      [(name) @_class (qualified_name (name) @_class .)]
      (arguments . (argument [(string) (encapsed_string)] @_message))))
  (#any-of? @_class "Exception" "LogicException" "RuntimeException" "Error" "DomainException")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
