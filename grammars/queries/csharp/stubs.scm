; Methods, constructors, local functions and accessors whose body may be a
; stub. The code checks that the body holds only comments and @stub statements
; (or @todo comments), or nothing. An expression body (`=> throw ...;`) is the
; arrow_expression_clause, whose one named child is the expression.
(method_declaration name: (identifier) @name body: [(block) (arrow_expression_clause)] @body) @definition
(constructor_declaration name: (identifier) @name body: [(block) (arrow_expression_clause)] @body) @definition
(local_function_statement name: (identifier) @name body: [(block) (arrow_expression_clause)] @body) @definition
; Properties: `int Count => throw ...;`, and a property with one accessor, the
; one with a body (`int Count { get { throw ...; } }`). A property with two
; accessor bodies is left out: the property is the definition a model rewrites,
; and it would have two bodies to replace.
(property_declaration name: (identifier) @name value: (arrow_expression_clause) @body) @definition
(property_declaration
  name: (identifier) @name
  accessors: (accessor_list . (accessor_declaration body: [(block) (arrow_expression_clause)] @body) .)) @definition
; Lambdas and `delegate { }` with block bodies assigned to a local
; (`Func<int, int> square = x => { ... };`).
(local_declaration_statement
  (variable_declaration
    (variable_declarator
      name: (identifier) @name
      [
        (lambda_expression body: (block) @body)
        (anonymous_method_expression (block) @body)
      ]))) @definition

; `throw new NotImplementedException(...)` / `NotSupportedException`, any
; arguments, also qualified (`System.NotImplementedException`), as a statement
; or as the expression of an expression body.
(throw_statement
  (object_creation_expression
    type: [(identifier) @_type (qualified_name name: (identifier) @_type)])
  (#any-of? @_type "NotImplementedException" "NotSupportedException")) @stub
(throw_expression
  (object_creation_expression
    type: [(identifier) @_type (qualified_name name: (identifier) @_type)])
  (#any-of? @_type "NotImplementedException" "NotSupportedException")) @stub

; `throw new InvalidOperationException("not implemented")` and the like: a
; general exception whose message says so.
(throw_statement
  (object_creation_expression
    type: [(identifier) @_type (qualified_name name: (identifier) @_type)]
    arguments: (argument_list . (argument (string_literal) @_message)))
  (#any-of? @_type "Exception" "InvalidOperationException" "ApplicationException")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub
(throw_expression
  (object_creation_expression
    type: [(identifier) @_type (qualified_name name: (identifier) @_type)]
    arguments: (argument_list . (argument (string_literal) @_message)))
  (#any-of? @_type "Exception" "InvalidOperationException" "ApplicationException")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
