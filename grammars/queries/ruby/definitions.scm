(method name: (_) @name) @definition
(singleton_method name: (_) @name) @definition
(class name: (_) @name) @definition
(module name: (_) @name) @definition

; Constant assignment (`DEFAULT_UNITS = 'metric'`): capitalised names are
; constants in Ruby, and they cannot be assigned inside a method.
(assignment left: (constant) @name) @definition
