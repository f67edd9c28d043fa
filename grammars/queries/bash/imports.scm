; `source file` and `. file`, recognised by the command text so that no extra
; capture is needed.
((command) @import
  (#match? @import "^(source|\\.)\\s"))
