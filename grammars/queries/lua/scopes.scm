; @scope: a definition that encloses code; @scope.body: its body.
; `function M.run(queue)`, `function Queue:push(item)`, `local function f(x)`.
(function_declaration body: (block) @scope.body) @scope

; `function (...) ... end` values. Bound to a name, the binding is the scope
; so the header carries the name: `local f = function(x)`, `M.f = function(x)`,
; `{ on_done = function(x) ... }`. Passed or returned, the function itself is
; the scope (`function(item)`). Plain assignments are matched only as direct
; children of a block/chunk, so a `local` one (whose assignment_statement sits
; inside variable_declaration) is not matched twice.
(variable_declaration
  (assignment_statement
    (expression_list value: (function_definition body: (block) @scope.body)))) @scope
(block
  (assignment_statement
    (expression_list value: (function_definition body: (block) @scope.body))) @scope)
(chunk
  (assignment_statement
    (expression_list value: (function_definition body: (block) @scope.body))) @scope)
(field value: (function_definition body: (block) @scope.body)) @scope
(arguments (function_definition body: (block) @scope.body) @scope)
; (In a return statement the expression_list children carry no `value` field.)
(return_statement
  (expression_list (function_definition body: (block) @scope.body) @scope))
