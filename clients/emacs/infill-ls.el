;;; infill-ls.el --- infill-ls for Emacs with Eglot  -*- lexical-binding: t -*-
;; Load it (or copy it into your init file), then `M-x eglot' in a buffer of one of the modes.
;; Eglot runs one server per buffer, so these modes use infill-ls instead of their own server.
;; Emacs 28 needs Eglot installed first (M-x package-install RET eglot); 29 and later have it.
(require 'cl-lib)
(require 'eglot)

(defgroup infill-ls nil "infill-ls, a code model in Eglot." :group 'eglot)

;; The command and the settings are read each time Eglot starts the server (see
;; `infill-ls--contact'), so setting them after this file is loaded takes effect too.
(defcustom infill-ls-command '("infill-ls" "--stdio")
  "How to start infill-ls, e.g. (\"node\" \"/path/to/infill-ls/dist/server/main.js\" \"--stdio\")."
  :type '(repeat string))

(defcustom infill-ls-settings '(:model (:name "qwen2.5-coder:1.5b-base"))
  "The `infill' settings section, as a plist (README: Settings)."
  :type 'sexp)

(defun infill-ls--contact (&rest _)
  "The server program and its initialization options, from the options as they are now."
  (append infill-ls-command (list :initializationOptions (list :infill infill-ls-settings))))

(defun infill-ls-register ()
  "Tell Eglot to start infill-ls for `infill-ls-modes' (replacing what an earlier call told it)."
  (setq eglot-server-programs
        (cons (cons (bound-and-true-p infill-ls-modes) #'infill-ls--contact)
              (cl-remove #'infill-ls--contact eglot-server-programs :key #'cdr))))

(defcustom infill-ls-modes
  '((python-mode :language-id "python") (python-ts-mode :language-id "python")
    ;; Before js-mode, which typescript-mode derives from: Eglot takes the first mode that fits.
    (typescript-mode :language-id "typescript") (typescript-ts-mode :language-id "typescript")
    (tsx-ts-mode :language-id "typescriptreact")
    (js-mode :language-id "javascript") (js-ts-mode :language-id "javascript")
    (rust-mode :language-id "rust") (rust-ts-mode :language-id "rust")
    (go-mode :language-id "go") (go-ts-mode :language-id "go")
    (c-mode :language-id "c") (c++-mode :language-id "cpp") (java-mode :language-id "java")
    (ruby-mode :language-id "ruby") (sh-mode :language-id "shellscript") (lua-mode :language-id "lua"))
  "Major modes (with the language ids infill-ls expects) that Eglot starts infill-ls for.
Set it with customize (`customize-set-variable', `setopt') or before loading this file:
Eglot is told at once."
  :type 'sexp
  :set (lambda (symbol value)
         (set-default symbol value)
         (when (featurep 'infill-ls) (infill-ls-register))))

(infill-ls-register)

(defun infill-ls--diagnostic-to-lsp (diag)
  "The flymake diagnostic DIAG (from any backend) as an LSP Diagnostic plist."
  (list :range (list :start (eglot--pos-to-lsp-position (flymake-diagnostic-beg diag))
                     :end (eglot--pos-to-lsp-position (flymake-diagnostic-end diag)))
        :severity (pcase (flymake-diagnostic-type diag) (:error 1) (:warning 2) (_ 3))
        :source (format "%s" (flymake-diagnostic-backend diag))
        :message (flymake-diagnostic-text diag)))

(defun infill-ls-fix-at-point ()
  "Fix the diagnostics at point with infill-ls, whichever flymake backend reported them.
Eglot sends code actions only the diagnostics of its own server, so this asks infill-ls
directly (command `infill.fixDiagnostics'); the fix comes back as an edit Eglot applies."
  (interactive)
  (let ((diags (flymake-diagnostics (line-beginning-position) (line-end-position))))
    (unless diags (user-error "No diagnostics on this line"))
    (eglot-execute-command (eglot--current-server-or-lose) "infill.fixDiagnostics"
                           (vector (list :infill "fixDiagnostics"
                                         :uri (eglot--path-to-uri (buffer-file-name))
                                         :diagnostics (vconcat (mapcar #'infill-ls--diagnostic-to-lsp diags)))))))

(provide 'infill-ls)
;;; infill-ls.el ends here
