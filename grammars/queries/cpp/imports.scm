(preproc_include) @import

; `using std::string;` and `using namespace std;` (both using_declaration).
; `using Alias = T;` is an alias_declaration, a definition, not an import.
(using_declaration) @import
