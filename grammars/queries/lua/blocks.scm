; Every body is a `block`: function bodies, then/elseif/else, while/for/repeat
; and `do ... end` bodies. (An empty body has no block node.)
(block) @block
