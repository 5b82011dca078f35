// Passkeys (WebAuthn): sign in with one, or add one to your account. Needs JavaScript; the
// pages say so and offer a password where it is missing.
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from '/assets/vendor/simplewebauthn/index.js';

function csrfToken() {
  const input = document.querySelector('input[name="_csrf"]');
  return input ? input.value : '';
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
    body: JSON.stringify(body ?? {}),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || 'Something went wrong. Try again.');
  return data;
}

function wire(container, run) {
  const button = container.querySelector('[data-passkey-button]');
  const error = container.querySelector('[data-passkey-error]');
  container.hidden = false;
  document.querySelectorAll('[data-passkey-unsupported]').forEach((el) => (el.hidden = true));
  button.addEventListener('click', async () => {
    error.hidden = true;
    button.disabled = true;
    try {
      const result = await run();
      window.location.assign(result.redirect);
    } catch (e) {
      error.textContent =
        e && e.name === 'NotAllowedError' ? 'The passkey request was cancelled.' : e.message;
      error.hidden = false;
      button.disabled = false;
    }
  });
}

if (browserSupportsWebAuthn()) {
  const signIn = document.querySelector('[data-passkey-sign-in]');
  if (signIn)
    wire(signIn, async () => {
      const options = await post('/sign-in/passkey/options');
      const response = await startAuthentication({ optionsJSON: options });
      return post('/sign-in/passkey', { response });
    });
  const register = document.querySelector('[data-passkey-register]');
  if (register)
    wire(register, async () => {
      const options = await post('/account/passkeys/options');
      const response = await startRegistration({ optionsJSON: options });
      return post('/account/passkeys', { response });
    });
}
