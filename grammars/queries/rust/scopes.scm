; @scope: a definition that encloses code; @scope.body: its body.
; Attributes (`#[derive(...)]`) are sibling nodes and stay outside the scope.
(function_item body: (block) @scope.body) @scope
(impl_item body: (declaration_list) @scope.body) @scope
(trait_item body: (declaration_list) @scope.body) @scope
(mod_item body: (declaration_list) @scope.body) @scope
(foreign_mod_item body: (declaration_list) @scope.body) @scope
(struct_item body: (field_declaration_list) @scope.body) @scope
(union_item body: (field_declaration_list) @scope.body) @scope
(enum_item body: (enum_variant_list) @scope.body) @scope

; Closures with block bodies. Bound by `let`, the let statement is the scope
; so the header carries the name (`let trimmed = |s: &str|`); passed as an
; argument or returned, the closure itself is the scope (`|x|`, `move ||`).
; The anonymous case names its parents so a `let`-bound closure is not matched
; twice.
(let_declaration value: (closure_expression body: (block) @scope.body)) @scope
(arguments (closure_expression body: (block) @scope.body) @scope)
(return_expression (closure_expression body: (block) @scope.body) @scope)
(field_initializer value: (closure_expression body: (block) @scope.body) @scope)
