// Password login beside the token login (POST /api/login {user, password}) and the messages for
// refused logins. Loaded after app.js, whose api(), showLogin() and startApp() it uses.
'use strict';

(function () {
  const form = document.getElementById('user-login-form');
  const user = document.getElementById('login-user');
  const password = document.getElementById('login-password');
  const error = document.getElementById('login-error');

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', '/api/login', { user: user.value.trim(), password: password.value });
      password.value = '';
      error.textContent = '';
      startApp();
    } catch (e) {
      // 401: wrong name or password; 429: too many failures from this address, the message says how long to wait.
      password.value = '';
      error.textContent = e.message;
    }
  });

  if (location.hash === '#login-throttled') {
    history.replaceState(null, '', '/');
    showLogin('Too many failed logins from this address; wait a little and try again.');
  }
}());
