; @scope: a definition that encloses code; @scope.body: its body.
; Attributes (`[Serializable]`) are children of the declaration, so they are
; inside the scope and show up at the start of the header.
(namespace_declaration body: (declaration_list) @scope.body) @scope
(class_declaration body: (declaration_list) @scope.body) @scope
(struct_declaration body: (declaration_list) @scope.body) @scope
(interface_declaration body: (declaration_list) @scope.body) @scope
(record_declaration body: (declaration_list) @scope.body) @scope
(enum_declaration body: (enum_member_declaration_list) @scope.body) @scope

(method_declaration body: (block) @scope.body) @scope
(constructor_declaration body: (block) @scope.body) @scope
(destructor_declaration body: (block) @scope.body) @scope
(operator_declaration body: (block) @scope.body) @scope
(conversion_operator_declaration body: (block) @scope.body) @scope
(local_function_statement body: (block) @scope.body) @scope

; Properties with accessor bodies: `public int Count` then `get` / `set`.
(property_declaration accessors: (accessor_list) @scope.body) @scope
(accessor_declaration body: (block) @scope.body) @scope

; Lambdas and `delegate { }` with block bodies. Assigned to a local
; (`Action<string> log = message =>`), the declaration is the scope so the
; header carries the name; passed or returned, the lambda is the scope. The
; anonymous case names its parents so an assigned lambda is not matched twice.
(local_declaration_statement
  (variable_declaration
    (variable_declarator
      [
        (lambda_expression body: (block) @scope.body)
        (anonymous_method_expression (block) @scope.body)
      ]))) @scope
(argument
  [
    (lambda_expression body: (block) @scope.body)
    (anonymous_method_expression (block) @scope.body)
  ] @scope)
(return_statement
  [
    (lambda_expression body: (block) @scope.body)
    (anonymous_method_expression (block) @scope.body)
  ] @scope)
