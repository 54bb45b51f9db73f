// The sign-in form.
import type { SessionDto } from "../../shared/consoleDto.js";
import type { ConsoleApi } from "./api.js";
import { el } from "./dom.js";

/** Renders the sign-in form into `root`; calls `onSignedIn` with the session once the login succeeds. */
export function renderLogin(
  root: HTMLElement,
  deps: {
    api: ConsoleApi;
    t: (key: string) => string;
    languageButton: HTMLButtonElement;
    onSignedIn: (session: SessionDto) => void;
  },
): void {
  const { api, t } = deps;
  const form = el("form", "login");
  const email = el("input");
  email.type = "email";
  email.required = true;
  email.autocomplete = "username";
  const password = el("input");
  password.type = "password";
  password.required = true;
  password.autocomplete = "current-password";
  const error = el("p", "error");
  error.setAttribute("role", "alert");
  const submit = el("button", "primary", t("login.submit"));
  submit.type = "submit";
  const emailLabel = el("label", undefined, t("login.email"));
  emailLabel.append(email);
  const passwordLabel = el("label", undefined, t("login.password"));
  passwordLabel.append(password);
  form.append(
    el("h1", undefined, t("login.heading")),
    emailLabel,
    passwordLabel,
    error,
    submit,
    deps.languageButton,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      submit.disabled = true;
      const res = await api.login(email.value, password.value);
      submit.disabled = false;
      if (!res.ok) {
        error.textContent =
          res.status === 429 ? t("login.limited") : res.status === 0 ? t("offline") : t("login.failed");
        return;
      }
      deps.onSignedIn(res.value);
    })();
  });
  root.replaceChildren(form);
  email.focus();
}
