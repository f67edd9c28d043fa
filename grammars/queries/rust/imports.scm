(use_declaration) @import
(extern_crate_declaration) @import

; `mod util;` (no body) pulls in another file, which makes it import-like.
(mod_item !body) @import
