; Function bodies and `{ ...; }` groups.
(compound_statement) @block

; Loop bodies: `do ... done`.
(do_group) @block

; `if` has no separate then-body node: the statements after `then` are direct
; children of if_statement, so the if_statement is the block for them;
; elif/else clauses hold their statements directly.
(if_statement) @block
(elif_clause) @block
(else_clause) @block

; `case $x in ... esac` has no body node: the items are its direct children,
; and each `pattern) ... ;;` item holds its statements directly.
(case_statement) @block
(case_item) @block

; `( ... )` subshells, including `f() ( ... )` function bodies.
(subshell) @block
