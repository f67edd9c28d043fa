;;; fix.el --- headless Emacs + Eglot: a diagnostic from another flymake backend, fixed with infill-ls -*- lexical-binding: t -*-
;; The user's init.el sets up clients/emacs/infill-ls.el.
;; env: HOME (holds .emacs.d/init.el), EDIT_FILE, LINE, COLUMN, END_COLUMN, MESSAGE.
;; Exit: 0 ok, 1 a check failed, 2 Lisp error.

;; Shared setup: report, checks, the user's init.el, Eglot in batch (harness.el).
(load (expand-file-name "harness.el" (file-name-directory load-file-name)) nil t)

(defun sc-other-backend (report-fn &rest _)
  "A flymake backend standing for another language server or linter: one diagnostic."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- (string-to-number (getenv "LINE"))))
    (let ((beg (+ (point) (string-to-number (getenv "COLUMN"))))
          (end (+ (point) (string-to-number (getenv "END_COLUMN")))))
      (funcall report-fn (list (flymake-make-diagnostic (current-buffer) beg end :error (getenv "MESSAGE")))))))

(defun sc-main ()
  (sc-open)
  (add-hook 'flymake-diagnostic-functions #'sc-other-backend nil t)
  (flymake-start)
  (sc-check (sc-wait (lambda () (cl-some (lambda (d) (equal (flymake-diagnostic-text d) (getenv "MESSAGE"))) (flymake-diagnostics))) 10)
            "the other backend's diagnostic")
  (goto-char (point-min))
  (forward-line (1- (string-to-number (getenv "LINE"))))
  (let ((tick (buffer-modified-tick)))
    (infill-ls-fix-at-point)
    (sc-check (sc-wait (lambda () (/= tick (buffer-modified-tick))) 20) "the fix changed the buffer")))

(sc-run #'sc-main)
