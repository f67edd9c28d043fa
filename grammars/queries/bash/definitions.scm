(function_definition name: (word) @name) @definition

; Top-level constants: `readonly X=...`, `declare -r X=...`, and plain
; UPPER_CASE assignments (the convention for script settings).
((program
  (declaration_command
    (variable_assignment name: (variable_name) @name)) @definition)
  (#match? @definition "^(readonly|(declare|typeset|local)\\s+-[a-zA-Z]*r[a-zA-Z]*)\\s"))
((program
  (variable_assignment name: (variable_name) @name) @definition)
  (#match? @name "^[A-Z][A-Z0-9_]+$"))
