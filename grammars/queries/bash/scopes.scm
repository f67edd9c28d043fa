; @scope: a definition that encloses code; @scope.body: its body.
; Header: `name()` or `function name` (the body may also be a subshell).
(function_definition body: (compound_statement) @scope.body) @scope
(function_definition body: (subshell) @scope.body) @scope
