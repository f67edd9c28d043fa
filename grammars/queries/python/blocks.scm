; Every indented suite is a `block` in this grammar: function and class
; bodies, if/elif/else, for/while/else, try/except/finally, with, and
; match/case bodies.
(block) @block
