; `require 'json'`, `require_relative 'x'` (also with parentheses): a call
; without a receiver, recognised by its text so that no extra capture is
; needed.
((call !receiver) @import
  (#match? @import "^(require|require_relative)[\\s(]"))
