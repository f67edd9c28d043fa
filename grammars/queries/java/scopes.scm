; @scope: a definition that encloses code; @scope.body: its body.
; Annotations are part of `modifiers`, so they are inside the scope and show
; up at the start of the header.
(class_declaration body: (class_body) @scope.body) @scope
(interface_declaration body: (interface_body) @scope.body) @scope
(enum_declaration body: (enum_body) @scope.body) @scope
(record_declaration body: (class_body) @scope.body) @scope
(annotation_type_declaration body: (annotation_type_body) @scope.body) @scope
(module_declaration body: (module_body) @scope.body) @scope
(method_declaration body: (block) @scope.body) @scope
(constructor_declaration body: (constructor_body) @scope.body) @scope
(compact_constructor_declaration body: (block) @scope.body) @scope

; Anonymous classes: the header is `new Runnable()`.
(object_creation_expression (class_body) @scope.body) @scope

; Lambdas with block bodies. Assigned to a variable or field, the declaration
; is the scope so the header carries the name and type
; (`Runnable task = () ->`); passed or returned, the lambda is the scope
; (`o ->`). The anonymous case names its parents so an assigned lambda is not
; matched twice.
(local_variable_declaration
  declarator: (variable_declarator
    value: (lambda_expression body: (block) @scope.body))) @scope
(field_declaration
  declarator: (variable_declarator
    value: (lambda_expression body: (block) @scope.body))) @scope
(argument_list (lambda_expression body: (block) @scope.body) @scope)
(return_statement (lambda_expression body: (block) @scope.body) @scope)
