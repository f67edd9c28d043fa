; @scope: a definition that encloses code; @scope.body: its body.
; The header shown to the model is the text from @scope to @scope.body.

(function_declaration body: (statement_block) @scope.body) @scope
(generator_function_declaration body: (statement_block) @scope.body) @scope
(method_definition body: (statement_block) @scope.body) @scope

(class_declaration body: (class_body) @scope.body) @scope
(abstract_class_declaration body: (class_body) @scope.body) @scope
; Class expressions: `const Foo = class { ... }`.
(class body: (class_body) @scope.body) @scope
(interface_declaration body: (interface_body) @scope.body) @scope
(enum_declaration body: (enum_body) @scope.body) @scope

; `namespace X { }` and `declare module 'x' { }`.
(internal_module body: (statement_block) @scope.body) @scope
(module body: (statement_block) @scope.body) @scope

; Function values with block bodies. When the function is bound to a name
; (const/let/var, class field, object key, assignment), the binding is the
; scope so that the header carries the name: `const byLength = (items) =>`.
; Otherwise the function itself is the scope (header `(list) =>`). The
; anonymous case lists its usual parents instead of matching any parent, so
; that a named function is not matched a second time with a shorter header.
(lexical_declaration
  (variable_declarator
    value: [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
      (generator_function body: (statement_block) @scope.body)
    ])) @scope
(variable_declaration
  (variable_declarator
    value: [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
      (generator_function body: (statement_block) @scope.body)
    ])) @scope
(public_field_definition
  value: [
    (arrow_function body: (statement_block) @scope.body)
    (function_expression body: (statement_block) @scope.body)
  ]) @scope
(pair
  value: [
    (arrow_function body: (statement_block) @scope.body)
    (function_expression body: (statement_block) @scope.body)
  ]) @scope
(assignment_expression
  right: [
    (arrow_function body: (statement_block) @scope.body)
    (function_expression body: (statement_block) @scope.body)
  ]) @scope

; Anonymous callbacks, returned closures, IIFEs, `export default () => {}`,
; JSX handlers `onClick={() => { ... }}`.
([
  (arguments
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
      (generator_function body: (statement_block) @scope.body)
    ] @scope)
  (return_statement
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
  (parenthesized_expression
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
  (export_statement
    value: [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
  (ternary_expression
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
  (binary_expression
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
  (jsx_expression
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
  (array
    [
      (arrow_function body: (statement_block) @scope.body)
      (function_expression body: (statement_block) @scope.body)
    ] @scope)
])
