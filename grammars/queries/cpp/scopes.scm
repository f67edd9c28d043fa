; @scope: a definition that encloses code; @scope.body: its body.
; Functions: the header runs through the parameters, qualifiers and any
; constructor initializer list (`explicit Circle(double r) : radius_(r)`).
; A `template <...>` prefix belongs to the enclosing template_declaration and
; is not part of the header. `= default` / `= 0` functions have no body.
(function_definition body: (compound_statement) @scope.body) @scope
(class_specifier body: (field_declaration_list) @scope.body) @scope
(struct_specifier body: (field_declaration_list) @scope.body) @scope
(union_specifier body: (field_declaration_list) @scope.body) @scope
(enum_specifier body: (enumerator_list) @scope.body) @scope
(namespace_definition body: (declaration_list) @scope.body) @scope
(linkage_specification body: (declaration_list) @scope.body) @scope

; Lambdas. Bound to a variable (`auto square = [](double v) {`), the
; declaration is the scope so the header carries the name; passed or
; returned, the lambda is the scope (`[&](int x)`). The anonymous case names
; its parents so a bound lambda is not matched twice.
(declaration
  declarator: (init_declarator
    value: (lambda_expression body: (compound_statement) @scope.body))) @scope
(argument_list (lambda_expression body: (compound_statement) @scope.body) @scope)
(return_statement (lambda_expression body: (compound_statement) @scope.body) @scope)
