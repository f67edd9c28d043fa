;;; fix.el --- headless Emacs + Eglot: a diagnostic from another flymake backend, fixed with infill-ls -*- lexical-binding: t -*-
;; env: INFILL_CMD (JSON array), INFILL_SETTINGS (JSON), EDIT_FILE, INFILL_CLIENT_EL, MODE, LINE, COLUMN, END_COLUMN, MESSAGE.
;; Exit: 0 ok, 1 a check failed, 2 Lisp error.
(require 'cl-lib)
(require 'json)
(defun sc-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun sc-check (ok what)
  (if ok (sc-say "ok: %s" what) (sc-say "FAIL: %s" what) (kill-emacs 1)))
(defun sc-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (funcall pred)))

(when (< emacs-major-version 29) (package-initialize))
(require 'eglot)
(require 'flymake)
(setq eglot-sync-connect t eglot-connect-timeout 20 eglot-autoshutdown nil eglot-send-changes-idle-time 0.1
      eglot-confirm-server-initiated-edits nil eglot-events-buffer-size 0)
(when (boundp 'eglot-events-buffer-config) (setq eglot-events-buffer-config '(:size 0 :format full)))
(setq infill-ls-command (json-parse-string (getenv "INFILL_CMD") :array-type 'list)
      infill-ls-settings (plist-get (json-parse-string (getenv "INFILL_SETTINGS") :object-type 'plist) :infill))
(load (getenv "INFILL_CLIENT_EL") nil t)

(defun sc-other-backend (report-fn &rest _)
  "A flymake backend standing for another language server or linter: one diagnostic."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- (string-to-number (getenv "LINE"))))
    (let ((beg (+ (point) (string-to-number (getenv "COLUMN"))))
          (end (+ (point) (string-to-number (getenv "END_COLUMN")))))
      (funcall report-fn (list (flymake-make-diagnostic (current-buffer) beg end :error (getenv "MESSAGE")))))))

(defun sc-main ()
  (find-file (getenv "EDIT_FILE"))
  (funcall (intern (getenv "MODE")))
  (eglot-ensure)
  (run-hooks 'post-command-hook)
  (sc-check (sc-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) 15) "eglot managing the buffer")
  (add-hook 'flymake-diagnostic-functions #'sc-other-backend nil t)
  (flymake-start)
  (sc-check (sc-wait (lambda () (cl-some (lambda (d) (equal (flymake-diagnostic-text d) (getenv "MESSAGE"))) (flymake-diagnostics))) 10)
            "the other backend's diagnostic")
  (goto-char (point-min))
  (forward-line (1- (string-to-number (getenv "LINE"))))
  (let ((tick (buffer-modified-tick)))
    (infill-ls-fix-at-point)
    (sc-check (sc-wait (lambda () (/= tick (buffer-modified-tick))) 20) "the fix changed the buffer"))
  (save-buffer)
  (eglot-shutdown (eglot-current-server)))

(condition-case err
    (progn (sc-main) (kill-emacs 0))
  (error (sc-say "LISP ERROR: %S" err) (kill-emacs 2)))
