; Functions whose body may be a stub. The code checks that the body holds only
; comments and @stub statements (or @todo comments), or nothing.
(function_declaration name: (identifier) @name body: (statement_block) @body) @definition
(generator_function_declaration name: (identifier) @name body: (statement_block) @body) @definition
(method_definition name: (_) @name body: (statement_block) @body) @definition
(variable_declarator name: (identifier) @name value: [(arrow_function body: (statement_block) @body) (function_expression body: (statement_block) @body)]) @definition
(public_field_definition name: (_) @name value: [(arrow_function body: (statement_block) @body) (function_expression body: (statement_block) @body)]) @definition
(pair key: (_) @name value: [(arrow_function body: (statement_block) @body) (function_expression body: (statement_block) @body)]) @definition

; `throw new Error("not implemented")` and the like: an Error whose message says so.
(throw_statement
  (new_expression
    constructor: (identifier) @_ctor
    arguments: (arguments . (string) @_message))
  (#match? @_ctor "Error$")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub
(throw_statement
  (new_expression
    constructor: (identifier) @_ctor
    arguments: (arguments . (template_string) @_message))
  (#match? @_ctor "Error$")
  (#match? @_message "([Nn]ot.?[Ii]mplemented|TODO|[Uu]nimplemented|[Ii]mplement me|[Nn]ot yet)")) @stub
(throw_statement
  (new_expression constructor: (identifier) @_ctor)
  (#match? @_ctor "^(NotImplementedError|NotImplementedException|UnimplementedError)$")) @stub

((comment) @todo (#match? @todo "(TODO|FIXME|XXX|[Nn]ot [Ii]mplemented|[Ii]mplement me)"))
