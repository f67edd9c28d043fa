; @scope: a definition that encloses code; @scope.body: its body.
; `#[Attribute]` lists are children of the declaration, so they are inside the
; scope and show up at the start of the header.
(function_definition body: (compound_statement) @scope.body) @scope
(method_declaration body: (compound_statement) @scope.body) @scope
(class_declaration body: (declaration_list) @scope.body) @scope
(interface_declaration body: (declaration_list) @scope.body) @scope
(trait_declaration body: (declaration_list) @scope.body) @scope
(enum_declaration body: (enum_declaration_list) @scope.body) @scope
; Only the braced form `namespace Foo { ... }` has a body.
(namespace_definition body: (compound_statement) @scope.body) @scope

; Closures (`function (...) use (...) { }`). Assigned to a variable, the
; assignment is the scope so the header carries the name
; (`$clean = function (string $s)`); passed or returned, the closure is the
; scope. The anonymous case names its parents so an assigned closure is not
; matched twice. `fn() =>` arrow functions have expression bodies only.
(assignment_expression
  right: (anonymous_function body: (compound_statement) @scope.body)) @scope
(argument (anonymous_function body: (compound_statement) @scope.body) @scope)
(return_statement (anonymous_function body: (compound_statement) @scope.body) @scope)

; `new class(...) extends Base { ... }`.
(anonymous_class body: (declaration_list) @scope.body) @scope
