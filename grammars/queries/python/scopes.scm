; @scope: a definition that encloses code; @scope.body: its body.
; The header is `def name(args) -> T:` / `class Name(Base):`; decorators sit
; outside the definition node (in decorated_definition) and are left out.
(function_definition body: (block) @scope.body) @scope
(class_definition body: (block) @scope.body) @scope
; Lambdas have expression bodies only, so they are not scopes.
