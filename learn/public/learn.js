// The lesson page's only script: sends the app's address to the learn server, which
// runs the checker, and marks each check of the list with what came back. While a check
// runs, the previous marks stay, marked stale, so that nothing looks green by mistake.
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
  const results = /** @type {HTMLElement} */ (document.getElementById('results'));
  const staleNote = /** @type {HTMLElement} */ (results.querySelector('.stale-note'));
  const staleApp = /** @type {HTMLElement} */ (document.getElementById('stale-app'));
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

  /**
   * Screen readers hear the live region only when its text changes, so a repeat stays
   * quiet. `code` in backticks shows as code, as everywhere on the page, never as backticks.
   */
  function announce(text) {
    if (status.dataset.said === text) return;
    status.dataset.said = text;
    status.replaceChildren();
    appendText(status, text);
  }

  function showError(message) {
    errorBox.replaceChildren();
    appendText(errorBox, message);
    errorBox.hidden = !message;
  }

  /** Appends plain text where `backticks` become code, as in the catalogs. */
  function appendText(parent, text) {
    text.split(/(`[^`]+`)/).forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) parent.append(part);
        return;
      }
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      parent.append(code);
    });
    return parent;
  }

  function element(tag, className, text, lang) {
    const node = document.createElement(tag);
    node.className = className;
    if (lang) node.lang = lang;
    return appendText(node, text);
  }

  /** What a screen reader hears before a check's sentence: its status, and whether it is stale. */
  function statusLabel(state, stale) {
    const word = strings[state] || state;
    return stale ? `${word} (${strings.stale}):` : `${word}:`;
  }

  /**
   * A failure, most useful first: what went wrong in the learner's language, then
   * freeCodeCamp's own (English) message when it is another text, what to do, and the code.
   */
  function failureParts(check) {
    const parts = [];
    const first = check.explanation || check.message;
    if (first) parts.push(element('p', 'explanation', first));
    if (check.explanation && check.message) {
      const fcc = element('p', 'fcc', '');
      fcc.append(element('span', 'fcc-label', strings.fccSays), ' ', element('span', 'message', check.message, 'en'));
      parts.push(fcc);
    }
    if (check.advice) parts.push(element('p', 'advice', check.advice));
    const reason = element('p', 'reason', `${strings.reason}: `);
    const code = document.createElement('code');
    code.textContent = check.reason || 'error';
    reason.append(code);
    parts.push(reason);
    return parts;
  }

  function markCheck(check) {
    const item = document.getElementById(`check-${check.n}`);
    if (!item) return;
    item.dataset.status = check.status;
    item.querySelector('.mark').textContent = MARKS[check.status] || '?';
    item.querySelector('.status-label').textContent = statusLabel(check.status, false);
    const outcome = /** @type {HTMLElement} */ (item.querySelector('.outcome'));
    // A passed check may say what it could not look at (its note).
    const parts = check.status === 'failed' ? failureParts(check) : check.note ? [element('p', 'note', check.note)] : [];
    outcome.replaceChildren(...parts);
    outcome.hidden = outcome.childElementCount === 0;
  }

  const items = () => /** @type {HTMLElement[]} */ ([...document.querySelectorAll('.check')]);

  /** The first failed check shown after the last check, so that a re-check scrolls only when it changes. */
  let firstFailure = 0;

  /**
   * Brings the first failure into view in the checks panel (its own scroll on wide screens,
   * the page on narrow ones), after a check the learner asked for; on a wide screen also when
   * an automatic re-check finds another first failure. An unchanged one is left where the
   * learner put it.
   */
  function showFirstFailure(asked) {
    const first = items().find((item) => item.dataset.status === 'failed');
    const n = first ? Number(first.dataset.n) : 0;
    const changed = n !== firstFailure;
    firstFailure = n;
    if (!first || !(asked || changed)) return;
    const panel = /** @type {HTMLElement} */ (form.closest('.checks'));
    if (getComputedStyle(panel).overflowY === 'auto') {
      // Wide screens: the panel scrolls inside itself; the lesson beside it stays where it is.
      const top = first.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
      panel.scrollTo({ top: Math.max(0, top - 16) });
    } else if (asked) {
      // Narrow screens: the page itself scrolls, so only when asked (not under a learner reading the lesson).
      first.scrollIntoView({ block: 'start' });
    }
  }

  /** Marks the results on show as those of the previous check, if there are any. */
  function markStale() {
    const shown = items().filter((item) => item.dataset.status !== 'pending');
    if (shown.length === 0) return;
    results.dataset.stale = 'true';
    staleNote.hidden = false;
    for (const item of shown) item.querySelector('.status-label').textContent = statusLabel(item.dataset.status || 'pending', true);
  }

  function clearStale() {
    delete results.dataset.stale;
    staleNote.hidden = true;
  }

  function resetChecks() {
    clearStale();
    for (const item of items()) markCheck({ n: Number(item.dataset.n), status: 'pending' });
  }

  /** @param {boolean} asked the learner pressed Check (or turned re-checking on), rather than a timer */
  async function check(asked) {
    if (running) return;
    running = true;
    clearTimeout(timer);
    button.setAttribute('aria-disabled', 'true');
    form.setAttribute('aria-busy', 'true');
    document.body.dataset.checking = 'true';
    markStale();
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
        if (code === 'bad-url' || code === 'credentials') input.setAttribute('aria-invalid', 'true');
        resetChecks();
        staleApp.hidden = true;
        announce('');
        showError((body && body.error && body.error.message) || strings.serverDown);
        return;
      }
      input.removeAttribute('aria-invalid');
      showError('');
      clearStale();
      for (const item of body.checks) markCheck(item);
      // As the terminal does: an app older than its file is said first, whatever passed.
      staleApp.hidden = !body.staleApp;
      staleApp.replaceChildren();
      if (body.staleApp) appendText(staleApp, strings.staleApp);
      announce(`${body.staleApp ? `${strings.staleApp} ` : ''}${body.summary} ${body.verdict}`);
      showFirstFailure(asked);
    } catch {
      resetChecks();
      staleApp.hidden = true;
      announce('');
      showError(strings.serverDown);
    } finally {
      running = false;
      button.removeAttribute('aria-disabled');
      form.removeAttribute('aria-busy');
      delete document.body.dataset.checking;
      document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
      if (auto.checked) timer = setTimeout(() => void check(false), recheckMs);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check(true);
  });
  input.addEventListener('change', () => {
    try {
      localStorage.setItem(STORE, input.value.trim());
    } catch {
      // not kept: fine
    }
  });
  auto.addEventListener('change', () => {
    if (auto.checked) void check(true);
    else clearTimeout(timer);
  });
})();
