; @scope: a definition that encloses code; @scope.body: its body.
; The header shown to the model is the text from @scope to @scope.body.

(function_declaration body: (statement_block) @scope.body) @scope
(generator_function_declaration body: (statement_block) @scope.body) @scope
(method_definition body: (statement_block) @scope.body) @scope

(class_declaration body: (class_body) @scope.body) @scope
; Class expressions: `const Foo = class { ... }`.
(class body: (class_body) @scope.body) @scope

; Function values with block bodies. When the function is bound to a name
; (const/let/var, class field, object key, assignment), the binding is the
; scope so that the header carries the name: `const byLength = (items) =>`.
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
(field_definition
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

; Any other function value is a scope of its own (header `(list) =>`):
; callbacks, returned closures, IIFEs, `export default () => {}`. A bound one
; matches here too, with the same body: enclosingScopes keeps the binding.
; (Listing the parents a function value may have instead costs the TypeScript
; grammar ~100 ms to compile, at the first completion.)
(arrow_function body: (statement_block) @scope.body) @scope
(function_expression body: (statement_block) @scope.body) @scope
(generator_function body: (statement_block) @scope.body) @scope
