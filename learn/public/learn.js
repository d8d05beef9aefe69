// The lesson page's only script: sends the app's address to the learn server, which
// runs the checker, and marks each check of the list with what came back.
'use strict';

(() => {
  const form = document.getElementById('check-form');
  const stringsBlock = document.getElementById('learn-strings');
  if (!(form instanceof HTMLFormElement) || !stringsBlock) return;

  /** @type {Record<string, string>} texts in the page's language, from the server */
  const strings = JSON.parse(stringsBlock.textContent || '{}');
  const input = /** @type {HTMLInputElement} */ (document.getElementById('app-url'));
  const button = /** @type {HTMLButtonElement} */ (document.getElementById('check-button'));
  const auto = /** @type {HTMLInputElement} */ (document.getElementById('auto-check'));
  const status = /** @type {HTMLElement} */ (document.getElementById('check-status'));
  const errorBox = /** @type {HTMLElement} */ (document.getElementById('check-error'));
  const recheckMs = Number(auto.dataset.seconds || 5) * 1000;
  const MARKS = { passed: '✔', failed: '✘', skipped: '–', pending: '○' };
  const STORE = 'learn.appUrl';

  // The address typed last time survives a language switch or a reload.
  try {
    const saved = localStorage.getItem(STORE);
    if (saved) input.value = saved;
  } catch {
    // storage may be off: the default address is fine
  }

  let running = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** Screen readers hear the live region only when its text changes, so a repeat stays quiet. */
  function announce(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  /** A paragraph of plain text where `backticks` become code, as in the catalogs. */
  function paragraph(className, text, lang) {
    const p = document.createElement('p');
    p.className = className;
    if (lang) p.lang = lang;
    text.split(/(`[^`]+`)/).forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) p.append(part);
        return;
      }
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      p.append(code);
    });
    return p;
  }

  function markCheck(check) {
    const item = document.getElementById(`check-${check.n}`);
    if (!item) return;
    item.dataset.status = check.status;
    item.querySelector('.mark').textContent = MARKS[check.status] || '?';
    item.querySelector('.status-label').textContent = `${strings[check.status] || check.status}:`;
    const outcome = /** @type {HTMLElement} */ (item.querySelector('.outcome'));
    outcome.replaceChildren();
    if (check.status === 'failed') {
      const reason = paragraph('reason', `${strings.reason}: `);
      const code = document.createElement('code');
      code.textContent = check.reason || 'error';
      reason.append(code);
      outcome.append(reason);
      if (check.explanation) outcome.append(paragraph('explanation', check.explanation));
      // A hint's own assertion message is freeCodeCamp's English text.
      if (check.message) outcome.append(paragraph(check.explanation ? 'message original' : 'message', check.message, check.explanation ? 'en' : undefined));
      if (check.advice) outcome.append(paragraph('advice', check.advice));
    }
    outcome.hidden = outcome.childElementCount === 0;
  }

  function resetChecks() {
    for (const item of document.querySelectorAll('.check')) {
      markCheck({ n: Number(/** @type {HTMLElement} */ (item).dataset.n), status: 'pending' });
    }
  }

  async function check() {
    if (running) return;
    running = true;
    clearTimeout(timer);
    button.setAttribute('aria-disabled', 'true');
    form.setAttribute('aria-busy', 'true');
    document.body.dataset.checking = 'true';
    // While re-checking by itself, only a changed result is worth saying aloud.
    if (!auto.checked) announce(strings.checking);
    try {
      const response = await fetch('/api/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: input.value.trim(), lang: form.dataset.lang, step: form.dataset.step }),
        cache: 'no-store',
      });
      const body = await response.json().catch(() => null);
      if (!response.ok || !body || body.error) {
        const code = body && body.error ? body.error.code : '';
        if (code === 'bad-url') input.setAttribute('aria-invalid', 'true');
        resetChecks();
        announce('');
        showError((body && body.error && body.error.message) || strings.serverDown);
        return;
      }
      input.removeAttribute('aria-invalid');
      showError('');
      for (const item of body.checks) markCheck(item);
      announce(`${body.summary} ${body.verdict}`);
    } catch {
      announce('');
      showError(strings.serverDown);
    } finally {
      running = false;
      button.removeAttribute('aria-disabled');
      form.removeAttribute('aria-busy');
      delete document.body.dataset.checking;
      document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
      if (auto.checked) timer = setTimeout(check, recheckMs);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
  });
  input.addEventListener('change', () => {
    try {
      localStorage.setItem(STORE, input.value.trim());
    } catch {
      // not kept: fine
    }
  });
  auto.addEventListener('change', () => {
    if (auto.checked) void check();
    else clearTimeout(timer);
  });
})();
