; Function, method, closure, if/else, loop, try/catch bodies, `namespace X { }`
; bodies and bare `{ }` blocks.
(compound_statement) @block

; Alternative syntax bodies: `if ($x): ... endif;`, `foreach (...): ... endforeach;`.
(colon_block) @block

; Class, interface, trait and anonymous class bodies; enum bodies.
(declaration_list) @block
(enum_declaration_list) @block

; `switch ($x) { ... }` holds the cases; each case holds its statements.
(switch_block) @block
(case_statement) @block
(default_statement) @block
