; @scope: a definition that encloses code; @scope.body: its body.
(function_declaration body: (block) @scope.body) @scope
(method_declaration body: (block) @scope.body) @scope

; `type Store struct { ... }`: the type_declaration is the scope so the header
; reads `type Store struct`. In a grouped `type ( A struct{...}; B ... )` the
; declaration spans several types, so there the type_spec is the scope
; (header `A struct`); the #match? keeps the two patterns apart.
((type_declaration
  (type_spec type: (struct_type (field_declaration_list) @scope.body))) @scope
  (#match? @scope "^type\\s+[^\\s(]"))
(type_declaration
  "("
  (type_spec type: (struct_type (field_declaration_list) @scope.body)) @scope)

; interface_type has no body node: its members are its own children, so the
; body is the interface_type and the header is `type Getter`.
((type_declaration
  (type_spec type: (interface_type) @scope.body)) @scope
  (#match? @scope "^type\\s+[^\\s(]"))
(type_declaration
  "("
  (type_spec type: (interface_type) @scope.body) @scope)

; Function literals. Bound to a name (`each := func(line string) {`), the
; binding is the scope so the header carries the name; passed, returned,
; deferred or launched with `go`, the literal is the scope (`func()`). The
; anonymous case names its parents so a bound literal is not matched twice.
(short_var_declaration
  right: (expression_list (func_literal body: (block) @scope.body))) @scope
(var_spec
  value: (expression_list (func_literal body: (block) @scope.body))) @scope
(assignment_statement
  right: (expression_list (func_literal body: (block) @scope.body))) @scope
(argument_list (func_literal body: (block) @scope.body) @scope)
(call_expression function: (func_literal body: (block) @scope.body) @scope)
(return_statement (expression_list (func_literal body: (block) @scope.body) @scope))
(literal_element (func_literal body: (block) @scope.body) @scope)
