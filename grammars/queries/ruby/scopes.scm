; @scope: a definition that encloses code; @scope.body: its body.
; A definition with an empty body has no body_statement and is not matched.
(method body: (body_statement) @scope.body) @scope
(singleton_method body: (body_statement) @scope.body) @scope
(class body: (body_statement) @scope.body) @scope
(module body: (body_statement) @scope.body) @scope
(singleton_class body: (body_statement) @scope.body) @scope

; Blocks are Ruby's lambdas. The scope is the call that receives the block,
; so the header tells what the block is for: `reports.each do |report|`.
(call block: (do_block body: (body_statement) @scope.body)) @scope
(call block: (block body: (block_body) @scope.body)) @scope
(lambda body: (do_block body: (body_statement) @scope.body)) @scope
(lambda body: (block body: (block_body) @scope.body)) @scope
